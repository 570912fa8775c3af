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
  # Re-run configure when HEAD moves or a commit rewrites the index, so the recorded commit stays
  # true; git says where they are (in a worktree, .git is a file and they live elsewhere).
  foreach(_icsim_git_file HEAD index)
    execute_process(COMMAND ${GIT_EXECUTABLE} rev-parse --git-path ${_icsim_git_file}
                    WORKING_DIRECTORY ${PROJECT_SOURCE_DIR} OUTPUT_VARIABLE _icsim_git_path
                    OUTPUT_STRIP_TRAILING_WHITESPACE ERROR_QUIET)
    if(_icsim_git_path AND NOT IS_ABSOLUTE ${_icsim_git_path})
      set(_icsim_git_path ${PROJECT_SOURCE_DIR}/${_icsim_git_path})
    endif()
    if(_icsim_git_path AND EXISTS ${_icsim_git_path})
      set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS ${_icsim_git_path})
    endif()
  endforeach()
endif()
if(NOT ICSIM_GIT_COMMIT)
  set(ICSIM_GIT_COMMIT "unknown")
endif()
