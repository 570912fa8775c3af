// Phase `month_end_stocks`: each PCN's running counts recorded as the month's end-of-month
// stocks, by reporting cell.
#include <algorithm>

#include "agents/run.hpp"

namespace icsim::agents {

void month_end_stocks(Run& run, const Day& day, std::size_t p) {
  Partition& part = run.partitions[p];
  const auto row = (static_cast<std::size_t>(day.month) + 1) * kCells * kStocks;
  std::copy(part.current.begin(), part.current.end(), part.stocks.begin() + static_cast<std::ptrdiff_t>(row));
}

}  // namespace icsim::agents
