// SHA-256 digests (OpenSSL) for provenance: scenario files and resolved scenarios.
#pragma once
#include <string>
#include <string_view>

namespace icsim::sim {
// Lower-case hexadecimal SHA-256 of the bytes.
std::string sha256_hex(std::string_view bytes);
}  // namespace icsim::sim
