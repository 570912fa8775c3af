# Makes the version and git commit available to the code as sim/version.hpp's generated source.
find_package(Git QUIET)
set(ICSIM_GIT_COMMIT "unknown")
if(GIT_FOUND AND EXISTS ${PROJECT_SOURCE_DIR}/.git)
  execute_process(COMMAND ${GIT_EXECUTABLE} rev-parse --verify HEAD
                  WORKING_DIRECTORY ${PROJECT_SOURCE_DIR} RESULT_VARIABLE _icsim_git_result
                  OUTPUT_VARIABLE ICSIM_GIT_COMMIT OUTPUT_STRIP_TRAILING_WHITESPACE ERROR_QUIET)
  if(NOT _icsim_git_result EQUAL 0)
    set(ICSIM_GIT_COMMIT "unknown")
  endif()
  execute_process(COMMAND ${GIT_EXECUTABLE} status --porcelain --untracked-files=no
                  WORKING_DIRECTORY ${PROJECT_SOURCE_DIR}
                  OUTPUT_VARIABLE _icsim_dirty OUTPUT_STRIP_TRAILING_WHITESPACE ERROR_QUIET)
  if(_icsim_dirty AND NOT ICSIM_GIT_COMMIT STREQUAL "unknown")
    string(APPEND ICSIM_GIT_COMMIT "-dirty")
  endif()
  # Re-run configure when HEAD moves so the recorded commit stays true.
  set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/.git/HEAD)
  if(EXISTS ${PROJECT_SOURCE_DIR}/.git/index)
    set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/.git/index)
  endif()
endif()
if(NOT ICSIM_GIT_COMMIT)
  set(ICSIM_GIT_COMMIT "unknown")
endif()
