# Compiler flags shared by every icsim target.
add_library(icsim_options INTERFACE)
target_compile_options(icsim_options INTERFACE
  -Wall -Wextra -Wpedantic -Wshadow -Wconversion -Wsign-conversion -Wnon-virtual-dtor
  -Wold-style-cast -Woverloaded-virtual
  # Reproducibility: no fused multiply-add contraction, so results do not depend on the CPU.
  -ffp-contract=off)
if(ICSIM_WARNINGS_AS_ERRORS)
  target_compile_options(icsim_options INTERFACE -Werror)
endif()
if(ICSIM_SANITIZE)
  target_compile_options(icsim_options INTERFACE -fsanitize=address,undefined -fno-omit-frame-pointer
                                                 -fno-sanitize-recover=undefined)
  target_link_options(icsim_options INTERFACE -fsanitize=address,undefined)
endif()

# icsim_library(NAME SOURCES... DEPENDS targets...): one library per code folder, included as
# "NAME/file.hpp" from the repository root.
function(icsim_library name)
  cmake_parse_arguments(ARG "" "" "SOURCES;DEPENDS" ${ARGN})
  add_library(icsim_${name} STATIC ${ARG_SOURCES})
  add_library(icsim::${name} ALIAS icsim_${name})
  target_include_directories(icsim_${name} PUBLIC ${PROJECT_SOURCE_DIR})
  target_link_libraries(icsim_${name} PUBLIC ${ARG_DEPENDS} PRIVATE icsim_options)
endfunction()

# GCC 12 reports false -Warray-bounds inside libstdc++'s std::map when inlining nlohmann-json
# (GCC bug 105562): switch that one warning off for the targets that use JSON.
function(icsim_uses_json target)
  if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
    target_compile_options(${target} PRIVATE -Wno-array-bounds)
  endif()
endfunction()
