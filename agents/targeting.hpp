// Targeting by a risk score (docs/model.md, "Targeting"). Each resident has a true risk, their
// rate of urgent or emergency needs; the score a level uses is the log of that rate plus a
// fixed error of its own for each resident, sized so that the score has the level's
// c-statistic. A unit fills its caseload from the top of its own list of eligible residents.
// Who is covered then follows need and the score's error: selected on a noisy score, covered
// residents' later needs regress towards the mean without any rule saying so.
#pragma once
#include <array>
#include <cstdint>
#include <vector>

#include "agents/vocabulary.hpp"

namespace icsim::agents {

// The probability that a resident who has an urgent need within a year scores above one who
// has none (the c-statistic, or area under the ROC curve), for residents with these annual
// rates and scores; ties count a half.
double c_statistic(const std::vector<double>& rates, const std::vector<double>& scores);

// The error (standard deviation on the log scale) that gives scores log(rate) + sigma z the
// c-statistic `c` over these residents, with z their standard normal errors; 0 if the true
// rate itself discriminates no better than `c`.
double score_error_for(double c, const std::vector<double>& rates, const std::vector<double>& z);

// A unit's list of eligible residents by score, in fixed bins, and where a caseload of a given
// size reaches down to.
class CaseloadList {
 public:
  static constexpr int kBins = 4096;
  static int bin(double score);

  void clear();
  void add(int bin, std::int32_t residents = 1) { count_[static_cast<std::size_t>(bin)] += residents; }
  void add(const CaseloadList& other);
  // After the adds: counts above each bin, for cut().
  void finish();
  std::int64_t size() const { return above_.empty() ? 0 : above_[0] + count_[0]; }

  // A caseload of `places` takes every resident above `bin` and `share` of those in it.
  struct Cut {
    int bin = 0;
    double share = 1.0;
  };
  Cut cut(double places) const;

 private:
  std::vector<std::int32_t> count_ = std::vector<std::int32_t>(kBins, 0);
  std::vector<std::int64_t> above_;  // residents in higher bins
};

// A resident's place on the levels' caseload lists (docs/model.md, "Targeting").
struct ScoreCard {
  static constexpr std::uint32_t kUnscored = 0xffffffffu;
  std::uint32_t scored = kUnscored;  // the age band and health state they were last scored in
  // Their score bin at each level as of the last count; -1 when no list at that level held them.
  std::array<std::int16_t, kCommissioningLevels> bin{-1, -1, -1};
  std::uint16_t ranked = 0;  // the ranking programmes they were eligible for then, a bit each
  static_assert(kCommissioningLevels == 3 && kProgrammes <= 16);
};

// Whether a resident of score bin `bin` is in the caseload; `draw()` gives their fixed uniform
// for it, needed only in the cut's own bin.
template <class Draw>
bool in_caseload(const CaseloadList::Cut& cut, int bin, Draw&& draw) {
  return bin == cut.bin ? draw() < cut.share : bin > cut.bin;
}

}  // namespace icsim::agents
