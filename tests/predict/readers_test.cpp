// CSV, zip and NHS PROMs readers: what they accept and the errors they name.
#include <cmath>
#include <string>

#include <gtest/gtest.h>

#include "common/test_data.hpp"
#include "core/file_io.hpp"
#include "predict/csv.hpp"
#include "predict/proms.hpp"
#include "predict/zip_read.hpp"

namespace physio::predict {
namespace {

TEST(Csv, QuotedFieldsCommasQuotesAndLineBreaks) {
  auto t = parse_csv(
      "\xEF\xBB\xBF"
      "a,b\n\"x, y\",\"say \"\"hi\"\"\"\n\"two\nlines\",z\r\n\n3,4");
  ASSERT_TRUE(t) << t.error().to_string();
  ASSERT_EQ(t->rows.size(), 3u);
  EXPECT_EQ(t->header[0], "a");
  EXPECT_EQ(t->rows[0][0], "x, y");
  EXPECT_EQ(t->rows[0][1], "say \"hi\"");
  EXPECT_EQ(t->rows[1][0], "two\nlines");
  EXPECT_EQ(t->line[2], 6u);
}

TEST(Csv, NamesTheLineOfABadRecord) {
  EXPECT_EQ(parse_csv("a,b\n1,2\n3\n").error().message(),
            "line 3: expected 2 fields as in the header, got 1");
  EXPECT_EQ(parse_csv("a\n\"open\n").error().message(),
            "line 2: a quoted field is not closed before the end of the file");
  EXPECT_EQ(parse_csv("a,b\nx\"y,2\n").error().message(),
            "line 2: a quote inside an unquoted field (field 1)");
  EXPECT_FALSE(parse_csv(""));
}

TEST(Zip, RefusesWhatIsNotAZip) {
  EXPECT_FALSE(list_zip("hello"));
  EXPECT_EQ(list_zip(std::string(100, 'x')).error().message(),
            "not a zip archive: no end-of-directory record");
  // An end-of-directory record pointing outside the file.
  std::string eocd = "PK\x05\x06" + std::string(6, '\0') + std::string("\x01\x00", 2) +
                     std::string("\xff\x00\x00\x00", 4) + std::string("\x00\x01\x00\x00", 4) +
                     std::string(2, '\0');
  EXPECT_FALSE(list_zip(eocd));
}

// A minimal NHS PROMs knee file: the columns the reader needs, in the pack's names.
std::string proms_header() {
  std::string h =
      "Provider Code,Procedure,Revision Flag,Year,Age Band,Gender,Pre-Op Q Symptom Period,Pre-Op Q Previous "
      "Surgery,"
      "Pre-Op Q Living Arrangements,Pre-Op Q Disability,Heart Disease,High Bp,Stroke,Circulation,Lung "
      "Disease,Diabetes,"
      "Kidney Disease,Nervous System,Liver Disease,Cancer,Depression,Arthritis,Pre-Op Q Mobility,Pre-Op Q "
      "Self-Care,"
      "Pre-Op Q Activity,Pre-Op Q Discomfort,Pre-Op Q Anxiety,Pre-Op Q EQ5D Index,Pre-Op Q EQ VAS";
  for (const char* item : {"Pain", "Night Pain", "Washing", "Transport", "Walking", "Standing", "Limping",
                           "Kneeling", "Work", "Confidence", "Shopping", "Stairs"})
    h += std::string(",Knee Replacement Pre-Op Q ") + item;
  h += ",Knee Replacement Pre-Op Q Score,Knee Replacement Post-Op Q Score,Knee Replacement OKS Post-Op Q "
       "Predicted\n";
  return h;
}

TEST(Proms, ReadsCodesAndLeavesOutRevisionsAndMissingScores) {
  const std::string items = "2,3,3,2,2,4,3,0,2,3,2,3";
  std::string text = proms_header();
  text += "00C,Knee Replacement,0,2016/17,70 to 79,2,2,2,2,1,1,9,9,9,9,9,9,9,9,9,1,9,2,1,2,2,3,0.691,999," +
          items + ",29,39,38.3\n";
  text += "00C,Knee Replacement,1,2016/17,*,*,2,2,2,1,9,9,9,9,9,9,9,9,9,9,9,9,2,1,2,2,1,0.5,80," + items +
          ",29,39,38.3\n";
  text +=
      "00C,Knee Replacement,0,2016/17,*,*,9,9,9,9,9,9,9,9,9,9,9,9,9,9,9,9,9,9,9,9,9,,70," + items + ",29,,\n";
  text += "00D,Knee Replacement,0,2016/17,*,*,9,9,9,9,9,9,9,9,9,9,9,9,9,9,9,9,9,9,9,9,9,,70," + items +
          ",12,40,\n";
  auto d = parse_proms_csv(text);
  ASSERT_TRUE(d) << d.error().to_string();
  ASSERT_EQ(d->records.size(), 2u);
  const PromsRecord& r = d->records[0];
  EXPECT_EQ(r.sex, "female");
  EXPECT_EQ(r.age_band, "70 to 79");
  EXPECT_TRUE(std::isnan(r.eq_vas));
  EXPECT_EQ(r.comorbidity[0], 1);
  EXPECT_EQ(r.comorbidity[1], 0);
  EXPECT_EQ(r.anxiety, 3);
  EXPECT_EQ(r.items[7], 0);
  const PromsRecord& s = d->records[1];
  EXPECT_EQ(s.sex, "");
  EXPECT_EQ(s.symptom_period, 0);
  EXPECT_TRUE(std::isnan(s.nhs_predicted_post));
  EXPECT_EQ(d->notes.size(), 2u);

  const Table t = proms_table(d->records, PromsTarget::kNoImprovement);
  ASSERT_EQ(t.rows(), 2u);
  EXPECT_EQ(t.y[0], 0.0);  // 29 -> 39: improved
  EXPECT_EQ(t.y[1], 0.0);  // 12 -> 40
  const Table s6 = proms_table(d->records, PromsTarget::kPostScore);
  EXPECT_EQ(s6.y[1], 40.0);
}

TEST(Proms, NamesWhatIsWrong) {
  EXPECT_EQ(parse_proms_csv("a,b\n1,2\n").error().message(),
            "line 1: not an NHS PROMs record file (no Procedure and Year columns)");
  std::string text = proms_header();
  text +=
      "00C,Knee Replacement,x,2016/17,70 to 79,2,2,2,2,1,1,9,9,9,9,9,9,9,9,9,1,9,2,1,2,2,3,0.691,999,"
      "2,3,3,2,2,4,3,0,2,3,2,3,29,39,38.3\n";
  EXPECT_EQ(parse_proms_csv(text).error().message(), "line 2: Revision Flag: 'x' is not a code");
}

TEST(Proms, ReadsThePublishedZip) {
  PHYSIO_REQUIRE_SHARED("nhs-proms-hip-knee");
  auto d = load_proms(shared_path / "Knee Replacement CCG 1617.csv.zip");
  ASSERT_TRUE(d) << d.error().to_string();
  // 46,541 records: 1,726 revisions and 1,090 primary operations without both scores left out.
  EXPECT_EQ(d->records.size(), 46541u - 1726u - 1090u);
  ASSERT_EQ(d->notes.size(), 2u);
  EXPECT_EQ(d->notes[0], "1726 revision operations left out (primary operations only)");
  EXPECT_EQ(d->notes[1], "1090 records without both Oxford scores (0-48) left out");
  auto missing = load_proms(shared_path / "no-such.zip");
  ASSERT_FALSE(missing);
}

}  // namespace
}  // namespace physio::predict
