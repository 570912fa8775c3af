// Escaping text for the formats the project writes: JSON pointers (RFC 6901) and Graphviz DOT.
#pragma once
#include <string>

namespace icsim::sim {

// One reference token of a JSON pointer: '~' and '/' escaped.
inline std::string json_pointer_token(const std::string& token) {
  std::string out;
  for (char c : token) {
    if (c == '~') out += "~0";
    else if (c == '/') out += "~1";
    else out += c;
  }
  return out;
}

// Text inside a double-quoted DOT string.
inline std::string dot_escape(const std::string& text) {
  std::string out;
  for (char c : text) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out;
}

}  // namespace icsim::sim
