#include "report/assets.hpp"

#include <stdexcept>
#include <string>

namespace icsim::report {

std::string_view asset(std::string_view name) {
  for (const Asset& a : embedded_assets()) {
    if (a.name == name) return a.text;
  }
  throw std::logic_error("icsim: the build embedded no report asset " + std::string(name) + " (a bug)");
}

}  // namespace icsim::report
