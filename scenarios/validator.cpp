// The specification walk behind validate().
#include "scenarios/validator.hpp"

#include <algorithm>
#include <cmath>
#include <regex>

#include <fmt/format.h>

#include "sim/calendar.hpp"
#include "sim/text.hpp"

namespace icsim::scenarios {
using json = nlohmann::json;
using Type = Spec::Type;

std::string brief(const json& value) {
  // Control characters come out escaped; bytes that are not UTF-8 (possible in CSV cells) as U+FFFD.
  std::string text = value.dump(-1, ' ', false, json::error_handler_t::replace);
  if (text.size() > 40) {
    std::size_t cut = 37;
    while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xc0) == 0x80) --cut;  // not inside a character
    text = text.substr(0, cut) + "...";
  }
  return text;
}

const char* kind_of(const json& v) {
  if (v.is_null()) return "null";
  if (v.is_boolean()) return "a boolean";
  if (v.is_number_integer() || v.is_number_unsigned()) return "an integer";
  if (v.is_number()) return "a number";
  if (v.is_string()) return "a string";
  if (v.is_array()) return "an array";
  return "an object";
}

namespace {

// Dates a scenario may name: the model's data and calendar arithmetic are meant for these.
constexpr std::chrono::year kFirstYear{1900}, kLastYear{2200};

std::size_t edit_distance(const std::string& a, const std::string& b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t up = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = up;
    }
  }
  return row[b.size()];
}

// Walks a value against its specification, filling defaults and collecting problems.
class Validator {
 public:
  explicit Validator(std::vector<Located>& problems) : problems_(problems) {}

  void check(json& value, const Spec& spec, const std::string& pointer) {
    switch (spec.type) {
      case Type::kObject: return check_object(value, spec, pointer);
      case Type::kArray:
      case Type::kTable: return check_array(value, spec, pointer);
      case Type::kInteger:
      case Type::kNumber: return check_number(value, spec, pointer);
      case Type::kString: return check_string(value, spec, pointer);
      case Type::kDate: {
        const auto date = value.is_string() ? sim::parse_iso_date(value.get<std::string>()) : std::nullopt;
        if (!date) {
          add(pointer, fmt::format("not a date (got {}; expected a real date as \"YYYY-MM-DD\")", brief(value)));
        } else if (date->year() < kFirstYear || date->year() > kLastYear) {
          add(pointer, fmt::format("out of range (got {}; expected a date from {}-01-01 to {}-12-31)", brief(value),
                                   static_cast<int>(kFirstYear), static_cast<int>(kLastYear)));
        }
        return;
      }
      case Type::kMap: return check_map(value, spec, pointer);
      case Type::kBoolean:
        if (!value.is_boolean()) add(pointer, fmt::format("wrong type (got {}; expected true or false)", brief(value)));
        return;
    }
  }

 private:
  void add(const std::string& pointer, std::string message) { problems_.push_back({pointer, std::move(message)}); }

  void check_object(json& value, const Spec& spec, const std::string& pointer) {
    if (!value.is_object()) {
      add(pointer, fmt::format("wrong type (got {}; expected an object)", kind_of(value)));
      return;
    }
    for (auto it = value.begin(); it != value.end(); ++it) {
      if (spec.field(it.key())) continue;
      std::string best;
      std::size_t best_distance = 3;
      std::string keys;
      for (const auto& [key, child] : spec.fields) {
        keys += (keys.empty() ? "" : ", ") + key;
        const std::size_t d = edit_distance(it.key(), key);
        if (d < best_distance) {
          best_distance = d;
          best = key;
        }
      }
      add(pointer + "/" + sim::json_pointer_token(it.key()),
          best.empty() ? fmt::format("unknown key {} (expected one of: {})", sim::quoted(it.key()), keys)
                       : fmt::format("unknown key {} (expected one of: {}). Did you mean \"{}\"?", sim::quoted(it.key()), keys, best));
    }
    for (const auto& [key, child] : spec.fields) {
      const std::string child_pointer = pointer + "/" + sim::json_pointer_token(key);
      if (!value.contains(key)) {
        if (!child.default_value.is_null()) {
          value[key] = child.default_value;
        } else if (child.type == Type::kObject && !child.required) {
          continue;
        } else if (child.required) {
          add(child_pointer, fmt::format("missing required key \"{}\" (expected {})", key, expected(child)));
          continue;
        } else {
          continue;
        }
      }
      check(value[key], child, child_pointer);
    }
  }

  void check_array(json& value, const Spec& spec, const std::string& pointer) {
    if (!value.is_array()) {
      add(pointer, fmt::format("wrong type (got {}; expected {})", kind_of(value), expected(spec)));
      return;
    }
    if (spec.min_items && value.size() < *spec.min_items) {
      add(pointer, fmt::format("too few elements (got {}; expected at least {})", value.size(), *spec.min_items));
    }
    if (spec.max_items && value.size() > *spec.max_items) {
      add(pointer, fmt::format("too many elements (got {}; expected at most {})", value.size(), *spec.max_items));
    }
    for (std::size_t i = 0; i < value.size(); ++i) check(value[i], *spec.items, fmt::format("{}/{}", pointer, i));
  }

  // Any key is allowed; each value is checked against the map's item.
  void check_map(json& value, const Spec& spec, const std::string& pointer) {
    if (!value.is_object()) {
      add(pointer, fmt::format("wrong type (got {}; expected an object)", kind_of(value)));
      return;
    }
    if (spec.min_items && value.size() < *spec.min_items) {
      add(pointer, fmt::format("too few entries (got {}; expected at least {})", value.size(), *spec.min_items));
    }
    if (spec.max_items && value.size() > *spec.max_items) {
      add(pointer, fmt::format("too many entries (got {}; expected at most {})", value.size(), *spec.max_items));
    }
    for (auto it = value.begin(); it != value.end(); ++it) {
      const std::string child = pointer + "/" + sim::json_pointer_token(it.key());
      if (!spec.key_pattern.empty() && !std::regex_match(it.key(), std::regex(spec.key_pattern))) {
        add(child, fmt::format("not an allowed key (got {}; expected {})", sim::quoted(it.key()), spec.key_description));
        continue;
      }
      check(it.value(), *spec.items, child);
    }
  }

  void check_number(const json& value, const Spec& spec, const std::string& pointer) {
    const bool integer = spec.type == Type::kInteger;
    if (!value.is_number() || (integer && !value.is_number_integer())) {
      add(pointer, fmt::format("wrong type (got {}; expected {})", brief(value), expected(spec)));
      return;
    }
    const double x = value.get<double>();
    if (!std::isfinite(x)) {
      add(pointer, fmt::format("not a finite number (got {}; expected {})", x, expected(spec)));
    } else if ((spec.minimum && x < *spec.minimum) || (spec.maximum && x > *spec.maximum)) {
      add(pointer, fmt::format("out of range (got {}; expected {})", brief(value), expected(spec)));
    }
  }

  void check_string(const json& value, const Spec& spec, const std::string& pointer) {
    if (!value.is_string()) {
      add(pointer, fmt::format("wrong type (got {}; expected a string)", brief(value)));
      return;
    }
    if (!spec.allowed.empty() &&
        std::find(spec.allowed.begin(), spec.allowed.end(), value.get<std::string>()) == spec.allowed.end()) {
      add(pointer, fmt::format("not an allowed value (got {}; expected {})", brief(value), expected(spec)));
    } else if (spec.allowed.empty() && value.get<std::string>().empty() && spec.required) {
      add(pointer, "empty string (got \"\"; expected a non-empty string)");
    }
  }

  static std::string expected(const Spec& spec) {
    switch (spec.type) {
      case Type::kObject:
      case Type::kMap: return "an object";
      case Type::kBoolean: return "true or false";
      case Type::kArray:
      case Type::kTable: {
        std::string what = spec.type == Type::kTable ? "a CSV file name or an array of rows" : "an array";
        if (spec.min_items && spec.max_items && *spec.min_items == *spec.max_items) what += fmt::format(" of {} elements", *spec.min_items);
        return what;
      }
      case Type::kString: {
        if (spec.allowed.empty()) return "a string";
        std::string values;
        for (const auto& a : spec.allowed) values += (values.empty() ? "" : ", ") + ("\"" + a + "\"");
        return "one of " + values;
      }
      case Type::kDate: return "a date \"YYYY-MM-DD\"";
      case Type::kInteger:
      case Type::kNumber: {
        std::string what = spec.type == Type::kInteger ? "an integer" : "a number";
        if (spec.minimum && spec.maximum) what += fmt::format(" from {} to {}", *spec.minimum, *spec.maximum);
        else if (spec.minimum) what += fmt::format(" of at least {}", *spec.minimum);
        if (!spec.unit.empty()) what += " (" + spec.unit + ")";
        return what;
      }
    }
    return "?";
  }

  std::vector<Located>& problems_;
};

}  // namespace

void validate(json& value, const Spec& spec, const std::string& pointer, std::vector<Located>& problems) {
  Validator(problems).check(value, spec, pointer);
}

}  // namespace icsim::scenarios
