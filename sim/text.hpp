// Escaping text for the formats the project writes: JSON pointers (RFC 6901), Graphviz DOT, and
// messages printed to a terminal.
#pragma once
#include <algorithm>
#include <cctype>
#include <cstdio>
#include <string>
#include <string_view>

namespace icsim::sim {

// One reference token of a JSON pointer: '~' and '/' escaped.
// Names that become folder names (scenarios, sweeps): 1 to kMaxNameLength letters, digits, '-',
// '_' or '.', starting with a letter or digit.
inline constexpr std::size_t kMaxNameLength = 100;
inline bool usable_name(const std::string& name) {
  return !name.empty() && name.size() <= kMaxNameLength && std::isalnum(static_cast<unsigned char>(name[0])) &&
         std::all_of(name.begin(), name.end(), [](char ch) {
           return std::isalnum(static_cast<unsigned char>(ch)) || ch == '-' || ch == '_' || ch == '.';
         });
}
inline std::string usable_name_rule() {
  return "1 to " + std::to_string(kMaxNameLength) + " letters, digits, '-', '_' or '.', starting with a letter or digit";
}

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

// The length of the well-formed UTF-8 sequence at text[i] (1 for ASCII), or 0 if there is none.
inline std::size_t utf8_sequence_length(const std::string& text, std::size_t i) {
  const auto c = static_cast<unsigned char>(text[i]);
  if (c < 0x80) return 1;
  const std::size_t n = c >= 0xc2 && c <= 0xdf ? 2 : c >= 0xe0 && c <= 0xef ? 3 : c >= 0xf0 && c <= 0xf4 ? 4 : 0;
  if (n == 0 || i + n > text.size()) return 0;
  for (std::size_t k = 1; k < n; ++k) {
    if ((static_cast<unsigned char>(text[i + k]) & 0xc0) != 0x80) return 0;
  }
  const auto c1 = static_cast<unsigned char>(text[i + 1]);
  if ((c == 0xe0 && c1 < 0xa0) || (c == 0xed && c1 >= 0xa0)) return 0;  // overlong; surrogates
  if ((c == 0xf0 && c1 < 0x90) || (c == 0xf4 && c1 >= 0x90)) return 0;  // overlong; beyond U+10FFFF
  return n;
}

// The offset of the first byte that is not part of well-formed UTF-8, or npos.
inline std::size_t invalid_utf8_at(const std::string& text) {
  for (std::size_t i = 0; i < text.size();) {
    const std::size_t n = utf8_sequence_length(text, i);
    if (n == 0) return i;
    i += n;
  }
  return std::string::npos;
}

// Text safe to print on one line of a terminal: control characters (C0, DEL and C1) become
// \uXXXX and bytes that are not UTF-8 become \xNN, so no input can move the cursor, change
// colours or split a message; everything else is kept as written.
inline std::string printable(const std::string& text) {
  std::string out;
  char buf[8];
  for (std::size_t i = 0; i < text.size();) {
    const auto c = static_cast<unsigned char>(text[i]);
    const std::size_t n = utf8_sequence_length(text, i);
    if (c < 0x20 || c == 0x7f) {
      std::snprintf(buf, sizeof buf, "\\u%04x", c);
    } else if (n == 0) {
      std::snprintf(buf, sizeof buf, "\\x%02x", c);
    } else if (n == 2 && c == 0xc2 && static_cast<unsigned char>(text[i + 1]) < 0xa0) {
      std::snprintf(buf, sizeof buf, "\\u%04x", static_cast<unsigned char>(text[i + 1]));  // C1 controls
    } else {
      out.append(text, i, n);
      i += n;
      continue;
    }
    out += buf;
    i += std::max<std::size_t>(n, 1);
  }
  return out;
}

// A name or value quoted for a message: "text", with quotes and backslashes escaped as in JSON
// and the rest made printable.
inline std::string quoted(const std::string& text) {
  std::string escaped;
  for (char c : text) {
    if (c == '"' || c == '\\') escaped += '\\';
    escaped += c;
  }
  std::string out(1, '"');
  out += printable(escaped);
  out += '"';
  return out;
}

// A CSV field (RFC 4180): quoted, with quotes doubled, when it holds a comma, a quote or a line break.
inline std::string csv_field(const std::string& text) {
  if (text.find_first_of(",\"\r\n") == std::string::npos) return text;
  std::string out(1, '"');
  for (char c : text) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
  return out;
}

// Text for HTML content or a double-quoted attribute: &, <, > and " as entities.
inline std::string html_escape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      default: out += c;
    }
  }
  return out;
}

}  // namespace icsim::sim
