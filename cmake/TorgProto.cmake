# torg_proto_library(<name> PROTOS <file.proto>... [GRPC] [DEPS <proto library>...])
#
# Generates C++ (and, with GRPC, the gRPC service stubs) for protos under
# proto/, at build time, into the build tree, and wraps them in a static
# library. Generated headers are included by their proto path, e.g.
# "torg/v1/config.pb.h".
set(TORG_PROTO_ROOT ${PROJECT_SOURCE_DIR}/proto)
set(TORG_PROTO_OUT ${PROJECT_BINARY_DIR}/proto_gen)
file(MAKE_DIRECTORY ${TORG_PROTO_OUT})

function(torg_proto_library name)
  cmake_parse_arguments(ARG "GRPC" "" "PROTOS;DEPS" ${ARGN})
  set(sources)
  foreach(proto ${ARG_PROTOS})
    get_filename_component(abs ${proto} ABSOLUTE BASE_DIR ${TORG_PROTO_ROOT})
    file(RELATIVE_PATH rel ${TORG_PROTO_ROOT} ${abs})
    string(REGEX REPLACE "\\.proto$" "" stem ${rel})
    set(outputs ${TORG_PROTO_OUT}/${stem}.pb.cc ${TORG_PROTO_OUT}/${stem}.pb.h)
    set(plugin_args)
    set(plugin_deps)
    if(ARG_GRPC)
      list(APPEND outputs ${TORG_PROTO_OUT}/${stem}.grpc.pb.cc ${TORG_PROTO_OUT}/${stem}.grpc.pb.h)
      set(plugin_args --grpc_out=${TORG_PROTO_OUT}
                      --plugin=protoc-gen-grpc=$<TARGET_FILE:gRPC::grpc_cpp_plugin>)
      set(plugin_deps gRPC::grpc_cpp_plugin)
    endif()
    add_custom_command(
      OUTPUT ${outputs}
      COMMAND protobuf::protoc --proto_path=${TORG_PROTO_ROOT} --cpp_out=${TORG_PROTO_OUT}
              ${plugin_args} ${abs}
      DEPENDS ${abs} protobuf::protoc ${plugin_deps}
      COMMENT "Generating C++ from ${rel}"
      VERBATIM)
    list(APPEND sources ${outputs})
  endforeach()
  add_library(${name} STATIC ${sources})
  target_include_directories(${name} SYSTEM PUBLIC ${TORG_PROTO_OUT})
  target_link_libraries(${name} PUBLIC protobuf::libprotobuf ${ARG_DEPS})
  if(ARG_GRPC)
    target_link_libraries(${name} PUBLIC gRPC::grpc++)
  endif()
endfunction()
