// Student's t from Boost.Math.
#include "experiments/statistics.hpp"

#include <boost/math/distributions/students_t.hpp>

namespace icsim::experiments {

double student_t_975(double dof) { return boost::math::quantile(boost::math::students_t(dof), 0.975); }

}  // namespace icsim::experiments
