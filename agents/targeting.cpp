#include "agents/targeting.hpp"

#include <algorithm>
#include <cmath>
#include <utility>

namespace icsim::agents {
namespace {

constexpr double kLowScore = -16.0;  // log rates with their errors fall well inside
constexpr double kHighScore = 12.0;
constexpr double kLeastRate = 1e-12;  // per year: the log of a zero rate stays finite

}  // namespace

// Pairs of distinct residents, one with a need (weight p_i) and one without (1 - p_j), in
// ascending order of score; ties within a group count a half.
double c_statistic(const std::vector<double>& rates, const std::vector<double>& scores) {
  std::vector<std::pair<double, double>> by_score(rates.size());  // (score, chance of a need)
  for (std::size_t i = 0; i < rates.size(); ++i) by_score[i] = {scores[i], 1.0 - std::exp(-rates[i])};
  std::sort(by_score.begin(), by_score.end());
  double without_below = 0.0, concordant = 0.0, with = 0.0, without = 0.0, self = 0.0;
  for (std::size_t g = 0; g < by_score.size();) {
    std::size_t end = g;
    double p_group = 0.0, q_group = 0.0, self_group = 0.0;
    for (; end < by_score.size() && by_score[end].first == by_score[g].first; ++end) {
      const double p = by_score[end].second;
      p_group += p;
      q_group += 1.0 - p;
      self_group += p * (1.0 - p);
    }
    concordant += p_group * without_below + 0.5 * (p_group * q_group - self_group);
    without_below += q_group;
    with += p_group;
    without += q_group;
    self += self_group;
    g = end;
  }
  const double pairs = with * without - self;
  return pairs > 0.0 ? concordant / pairs : 0.5;
}

// c falls as the error grows: bisection on the error, from the true rate's own c down.
double score_error_for(double c, const std::vector<double>& rates, const std::vector<double>& z) {
  std::vector<double> scores(rates.size());
  auto c_at = [&](double sigma) {
    for (std::size_t i = 0; i < rates.size(); ++i) scores[i] = std::log(std::max(rates[i], kLeastRate)) + sigma * z[i];
    return c_statistic(rates, scores);
  };
  if (c_at(0.0) <= c) return 0.0;
  double low = 0.0, high = 1.0;
  while (c_at(high) > c && high < 64.0) high *= 2.0;
  for (int i = 0; i < 24; ++i) {  // to a 2^-24 share of the bracket
    const double mid = 0.5 * (low + high);
    (c_at(mid) > c ? low : high) = mid;
  }
  return 0.5 * (low + high);
}

int CaseloadList::bin(double score) {
  // Clamped as a double first: an infinite score (a zero rate) must not reach the conversion.
  const double x = (score - kLowScore) / (kHighScore - kLowScore) * kBins;
  if (!(x > 0.0)) return 0;
  return std::min(static_cast<int>(std::floor(std::min(x, double{kBins}))), kBins - 1);
}

void CaseloadList::clear() {
  std::fill(count_.begin(), count_.end(), 0);
  above_.clear();
}

void CaseloadList::add(const CaseloadList& other) {
  for (std::size_t b = 0; b < count_.size(); ++b) count_[b] += other.count_[b];
}

void CaseloadList::finish() {
  above_.assign(count_.size(), 0);
  std::int64_t sum = 0;
  for (std::size_t b = count_.size(); b-- > 0;) {
    above_[b] = sum;
    sum += count_[b];
  }
}

// The highest bin whose residents and those above it reach `places`, by binary search on the
// counts above each bin (they fall as the bin rises).
CaseloadList::Cut CaseloadList::cut(double places) const {
  if (above_.empty() || places >= static_cast<double>(size())) return {0, 1.0};
  if (places <= 0.0) return {kBins, 0.0};
  // The first bin b, from the top, with above_[b] + count_[b] >= places.
  int lo = 0, hi = kBins - 1;
  while (lo < hi) {
    const int mid = (lo + hi + 1) / 2;
    if (static_cast<double>(above_[static_cast<std::size_t>(mid)] + count_[static_cast<std::size_t>(mid)]) >= places) lo = mid;
    else hi = mid - 1;
  }
  const auto b = static_cast<std::size_t>(lo);
  return {lo, (places - static_cast<double>(above_[b])) / static_cast<double>(count_[b])};
}

}  // namespace icsim::agents
