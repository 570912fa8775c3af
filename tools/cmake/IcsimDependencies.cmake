# Third-party libraries, all from Debian 12 packages (tools/install-deps installs them).
# Their headers are included as SYSTEM so that our warning flags do not apply to them.
find_package(TBB REQUIRED)
find_package(Boost 1.74 REQUIRED)
find_package(CLI11 REQUIRED)
find_package(nlohmann_json 3.11 REQUIRED)
find_package(fmt REQUIRED)
find_package(SQLite3 REQUIRED)
find_package(OpenSSL REQUIRED COMPONENTS Crypto)
find_package(Threads REQUIRED)
# Open MPI: `mpirun -n N icsim sweep` shares a sweep's runs among the ranks.
find_package(MPI REQUIRED COMPONENTS CXX)

# Random123 is header-only and ships no CMake package: wrap it in an INTERFACE target.
find_path(RANDOM123_INCLUDE_DIR Random123/philox.h REQUIRED)
add_library(Random123 INTERFACE)
target_include_directories(Random123 SYSTEM INTERFACE ${RANDOM123_INCLUDE_DIR})
add_library(Random123::Random123 ALIAS Random123)

# JSON_DIAGNOSTICS makes nlohmann-json exceptions carry the JSON pointer of the bad value.
target_compile_definitions(nlohmann_json::nlohmann_json INTERFACE JSON_DIAGNOSTICS=1)
