#include "tests/torgctl/command_line.h"

namespace torg::torgctl {

int TorgctlCommandLine::Run(std::vector<std::string> args) {
  args.insert(args.begin(), "torgctl");
  std::vector<const char*> argv;
  argv.reserve(args.size());
  for (const auto& arg : args) argv.push_back(arg.c_str());
  try {
    app_.parse(static_cast<int>(argv.size()), argv.data());
  } catch (const CLI::ParseError& error) {
    return app_.exit(error, out_, err_) == 0 ? kExitOk : kExitUsage;
  }
  CommandIo io{out_, err_};
  return invocation_.run(invocation_.options, io);
}

}  // namespace torg::torgctl
