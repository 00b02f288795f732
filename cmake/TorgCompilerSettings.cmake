# Compiler settings shared by every Torg target.

option(TORG_SANITIZE "Build with AddressSanitizer and UndefinedBehaviorSanitizer" OFF)
option(TORG_WERROR "Treat compiler warnings as errors" OFF)
# Compiles each target's sources in batches, one translation unit per batch:
# the gRPC, protobuf and GoogleTest headers are parsed, and their inline code
# generated, once per batch instead of once per file, to cut the CI build
# (compiling is ~95% of it). Files of one target then share a namespace:
# helpers in an anonymous namespace need names distinct within their target.
# Turn it off (-DTORG_UNITY_BUILD=OFF) to find which file a compiler error is in.
option(TORG_UNITY_BUILD "Compile each target's sources in batches" ON)
set(CMAKE_UNITY_BUILD ${TORG_UNITY_BUILD})
set(CMAKE_UNITY_BUILD_BATCH_SIZE 8)

find_program(CCACHE_PROGRAM ccache)
if(CCACHE_PROGRAM)
  set(CMAKE_CXX_COMPILER_LAUNCHER ${CCACHE_PROGRAM})
endif()

# Applied to Torg's own targets only: generated protobuf code is compiled
# without them because its warnings are not ours to fix.
function(torg_target_warnings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Wshadow
                                           -Wnon-virtual-dtor -Wold-style-cast)
  if(TORG_WERROR)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
endfunction()

if(TORG_SANITIZE)
  add_compile_options(-fsanitize=address,undefined -fno-omit-frame-pointer
                      -fno-sanitize-recover=undefined)
  add_link_options(-fsanitize=address,undefined)
endif()
