#include "predict/table.hpp"

#include <numeric>
#include <stdexcept>
#include <utility>

namespace physio::predict {

void Table::add_row(const std::vector<double>& values, double outcome, std::int64_t prediction_day,
                    std::string person, std::string case_id) {
  if (values.size() != cols()) throw std::logic_error("Table::add_row: wrong number of values");
  x.insert(x.end(), values.begin(), values.end());
  y.push_back(outcome);
  day.push_back(prediction_day);
  group.push_back(std::move(person));
  id.push_back(std::move(case_id));
}

Split split_by_day(const Table& t, std::int64_t split_day) {
  Split s;
  for (std::size_t r = 0; r < t.rows(); ++r) (t.day[r] < split_day ? s.train : s.test).push_back(r);
  return s;
}

std::vector<std::size_t> all_rows(const Table& t) {
  std::vector<std::size_t> rows(t.rows());
  std::iota(rows.begin(), rows.end(), std::size_t{0});
  return rows;
}

}  // namespace physio::predict
