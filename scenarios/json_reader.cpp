// A SAX handler that builds the document while checking depth and duplicate keys.
#include "scenarios/json_reader.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "sim/text.hpp"

namespace icsim::scenarios {
using json = nlohmann::json;

namespace {

class Builder {
 public:
  Builder(const std::string& text, json& root, std::vector<Located>& problems) : text_(text), root_(root), problems_(problems) {}

  bool null() { return place(nullptr); }
  bool boolean(bool v) { return place(v); }
  bool number_integer(json::number_integer_t v) { return place(v); }
  bool number_unsigned(json::number_unsigned_t v) { return place(v); }
  bool number_float(json::number_float_t v, const json::string_t&) { return place(v); }
  bool string(json::string_t& v) { return place(std::move(v)); }
  bool binary(json::binary_t&) { return false; }  // never produced by the JSON reader
  bool start_object(std::size_t) { return open(json::object()); }
  bool start_array(std::size_t) { return open(json::array()); }
  bool end_object() { return close(); }
  bool end_array() { return close(); }

  bool key(json::string_t& k) {
    if (stack_.back()->contains(k)) {
      problems_.push_back({pointer() + "/" + sim::json_pointer_token(k),
                           fmt::format("duplicate key {} (each key may appear once in an object)", sim::quoted(k))});
    }
    key_ = std::move(k);
    return true;
  }

  bool parse_error(std::size_t position, const std::string&, const nlohmann::detail::exception& e) {
    const auto [line, column] = line_and_column(position);
    std::string what;
    if (std::all_of(text_.begin(), text_.end(), [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; })) {
      what = "the file is empty (expected a JSON object)";
    } else if (e.id == 406) {
      what = fmt::format("number out of range (line {}, column {}; expected a finite number)", line, column);
    } else {
      what = fmt::format("not valid JSON (line {}, column {}: {})", line, column, plain(e.what()));
    }
    problems_.push_back({"", std::move(what)});
    return false;
  }

 private:
  template <typename V>
  bool place(V&& v) {
    slot() = json(std::forward<V>(v));
    return true;
  }

  // Where the next value goes: the root, the end of the open array, or the open object's key.
  json& slot() {
    if (stack_.empty()) return root_;
    json& top = *stack_.back();
    if (top.is_array()) {
      top.push_back(nullptr);
      return top.back();
    }
    return top[key_];
  }

  bool open(json empty) {
    if (stack_.size() >= kMaxJsonDepth) {
      problems_.push_back({pointer(), fmt::format("nested too deeply (expected at most {} levels of arrays and objects)", kMaxJsonDepth)});
      return false;
    }
    const std::string token = stack_.empty() ? "" : stack_.back()->is_array() ? std::to_string(stack_.back()->size())
                                                                                 : sim::json_pointer_token(key_);
    json& s = slot();
    s = std::move(empty);
    stack_.push_back(&s);
    tokens_.push_back(token);
    return true;
  }

  bool close() {
    stack_.pop_back();
    tokens_.pop_back();
    return true;
  }

  std::string pointer() const {
    std::string p;
    for (std::size_t i = 1; i < tokens_.size(); ++i) p += "/" + tokens_[i];
    return p;
  }

  std::pair<std::size_t, std::size_t> line_and_column(std::size_t position) const {
    position = std::min(position, text_.size());
    const auto begin = text_.begin(), end = begin + static_cast<std::ptrdiff_t>(position);
    const std::size_t line = 1 + static_cast<std::size_t>(std::count(begin, end, '\n'));
    const auto last_newline = std::find(std::make_reverse_iterator(end), std::make_reverse_iterator(begin), '\n');
    return {line, static_cast<std::size_t>(std::distance(last_newline.base(), end)) + (position == 0 ? 1 : 0)};
  }

  // The library's message without its code, its own position and the text it last read.
  static std::string plain(std::string message) {
    if (message.rfind("[json.exception.", 0) == 0) message.erase(0, message.find("] ") + 2);
    if (const auto colon = message.find(": "); message.rfind("parse error", 0) == 0 && colon != std::string::npos) {
      message.erase(0, colon + 2);
    }
    if (const auto read = message.find("; last read: '"); read != std::string::npos) {
      const auto close = message.rfind("'");
      message.erase(read, close == std::string::npos || close < read + 14 ? std::string::npos : close + 1 - read);
    }
    return message;
  }

  const std::string& text_;
  json& root_;
  std::vector<Located>& problems_;
  std::vector<json*> stack_;          // the open arrays and objects
  std::vector<std::string> tokens_;   // the pointer token of each
  std::string key_;
};

}  // namespace

std::vector<Located> parse_json(const std::string& text, json& out) {
  std::vector<Located> problems;
  out = nullptr;
  Builder builder(text, out, problems);
  const bool complete = json::sax_parse(text, &builder, json::input_format_t::json, true, false);
  if (!complete) out = nullptr;
  return problems;
}

}  // namespace icsim::scenarios
