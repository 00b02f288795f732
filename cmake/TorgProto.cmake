# torg_proto_library(<name> PROTOS <file.proto>... [GRPC | GRPC_STUBS_ONLY]
#                    [DEPS <proto library>...])
#
# Generates C++ for protos under proto/, at build time, into the build tree,
# and wraps it in a static library. Generated headers are included by their
# proto path, e.g. "torg/v1/config.pb.h". What is generated:
#   (neither)        the messages (.pb.cc/.pb.h) only: no gRPC.
#   GRPC             the messages and the gRPC service stubs
#                    (.grpc.pb.cc/.grpc.pb.h), in this one library.
#   GRPC_STUBS_ONLY  the gRPC service stubs only. The messages of the same
#                    PROTOS must come from a plain library (built without
#                    GRPC) named in DEPS, so that each .pb.cc is compiled
#                    once and code that needs only the messages links no
#                    gRPC.
# GRPC and GRPC_STUBS_ONLY libraries link gRPC::grpc++.
set(TORG_PROTO_ROOT ${PROJECT_SOURCE_DIR}/proto)
set(TORG_PROTO_OUT ${PROJECT_BINARY_DIR}/proto_gen)
file(MAKE_DIRECTORY ${TORG_PROTO_OUT})

function(torg_proto_library name)
  cmake_parse_arguments(ARG "GRPC;GRPC_STUBS_ONLY" "" "PROTOS;DEPS" ${ARGN})
  if(ARG_GRPC AND ARG_GRPC_STUBS_ONLY)
    message(FATAL_ERROR "torg_proto_library(${name}): GRPC or GRPC_STUBS_ONLY, not both")
  endif()
  if(ARG_GRPC_STUBS_ONLY AND NOT ARG_DEPS)
    message(FATAL_ERROR
            "torg_proto_library(${name}): GRPC_STUBS_ONLY needs the messages' library in DEPS")
  endif()
  set(sources)
  foreach(proto ${ARG_PROTOS})
    get_filename_component(abs ${proto} ABSOLUTE BASE_DIR ${TORG_PROTO_ROOT})
    file(RELATIVE_PATH rel ${TORG_PROTO_ROOT} ${abs})
    string(REGEX REPLACE "\\.proto$" "" stem ${rel})
    set(outputs)
    set(generator_args)
    set(generator_deps)
    set(what "C++")
    if(NOT ARG_GRPC_STUBS_ONLY)
      list(APPEND outputs ${TORG_PROTO_OUT}/${stem}.pb.cc ${TORG_PROTO_OUT}/${stem}.pb.h)
      list(APPEND generator_args --cpp_out=${TORG_PROTO_OUT})
    endif()
    if(ARG_GRPC OR ARG_GRPC_STUBS_ONLY)
      list(APPEND outputs ${TORG_PROTO_OUT}/${stem}.grpc.pb.cc ${TORG_PROTO_OUT}/${stem}.grpc.pb.h)
      list(APPEND generator_args --grpc_out=${TORG_PROTO_OUT}
                                 --plugin=protoc-gen-grpc=$<TARGET_FILE:gRPC::grpc_cpp_plugin>)
      list(APPEND generator_deps gRPC::grpc_cpp_plugin)
      if(ARG_GRPC_STUBS_ONLY)
        set(what "gRPC stubs")
      endif()
    endif()
    add_custom_command(
      OUTPUT ${outputs}
      COMMAND protobuf::protoc --proto_path=${TORG_PROTO_ROOT} ${generator_args} ${abs}
      DEPENDS ${abs} protobuf::protoc ${generator_deps}
      COMMENT "Generating ${what} from ${rel}"
      VERBATIM)
    list(APPEND sources ${outputs})
  endforeach()
  add_library(${name} STATIC ${sources})
  # Generated files each define the same file-local tables (schemas,
  # file_default_instances): they cannot share a translation unit.
  set_target_properties(${name} PROPERTIES UNITY_BUILD OFF)
  target_include_directories(${name} SYSTEM PUBLIC ${TORG_PROTO_OUT})
  target_link_libraries(${name} PUBLIC protobuf::libprotobuf ${ARG_DEPS})
  if(ARG_GRPC OR ARG_GRPC_STUBS_ONLY)
    target_link_libraries(${name} PUBLIC gRPC::grpc++)
  endif()
endfunction()
