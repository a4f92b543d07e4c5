// POST /api/patients/{id}/live-framing: the engine's framing check before a live set, as the page asks it
// (a drawn person standing, BlazePose-33 normalised to a 720 x 1280 picture): a whole person facing the
// camera passes for a squat; a second person counted by the device, the landmarks jumping between people,
// feet out of the picture and nobody at all are refused with what to change; bad frames are a 400 naming
// the field.
#include <gtest/gtest.h>

#include "server_fixture.hpp"

namespace physio::test {
namespace {

using json = nlohmann::json;

// Standing facing the camera, shifted by dx (normalised), feet moved down by feet_dy.
json standing(double dx = 0.0, double feet_dy = 0.0) {
  json f = json::array();
  for (int i = 0; i < 33; ++i) {
    double x = 0.5, y = 0.12;
    if (i >= 11 && i <= 22) {
      const double s = i <= 12 ? 0.167 : 0.187;
      x = 0.5 + (i % 2 == 1 ? s : -s);
      y = i <= 12 ? 0.25 : i <= 14 ? 0.38 : 0.5;
    } else if (i >= 23 && i <= 24) {
      x = 0.5 + (i == 23 ? 0.097 : -0.097);
      y = 0.52;
    } else if (i >= 25 && i <= 26) {
      x = 0.5 + (i == 25 ? 0.08 : -0.08);
      y = 0.7;
    } else if (i >= 27) {
      x = 0.5 + (i % 2 == 1 ? 0.08 : -0.08);
      y = (i <= 28 ? 0.87 : 0.9) + feet_dy;
    }
    f.push_back({x + dx, y, 0.95});
  }
  return f;
}

json body(const std::function<json(int)>& frame, int people = 0) {
  json frames = json::array();
  for (int i = 0; i < 30; ++i) frames.push_back({{"t_ms", 1000.0 + i * 33.3}, {"landmarks", frame(i)}});
  json b = {{"exercise", "deep_squat"}, {"image_width", 720}, {"image_height", 1280}, {"frames", frames}};
  if (people) b["people_in_view"] = people;
  return b;
}

std::string reasons(const json& r) {
  std::string s;
  for (std::size_t i = 0; i < r["reasons"].size(); ++i) s += r["reasons"][i].get<std::string>() + "\n";
  return s;
}

TEST(LiveFraming, TheEngineJudgesThePictureBeforeASetAndSaysWhatToChange) {
  auto ts = TestServer::start("live_framing");
  Client c(ts->port());
  ASSERT_EQ(c.login(ts->seeded().user_email.at("patient")).status, 200);
  const std::string path = "/api/patients/" + ts->seeded().p1 + "/live-framing";
  auto ask = [&](const json& b) {
    auto r = c.request("POST", path, b.dump(), "application/json");
    EXPECT_EQ(r.status, 200) << r.body;
    return c.json(r);
  };

  const json good = ask(body([](int) { return standing(); }));
  EXPECT_EQ(good["ok"], true) << reasons(good);
  EXPECT_TRUE(good["reasons"].empty());

  const json two = ask(body([](int) { return standing(); }, 2));
  EXPECT_EQ(two["ok"], false);
  EXPECT_NE(reasons(two).find("Only one person in view"), std::string::npos) << reasons(two);

  const json jumping = ask(body([](int i) { return standing(i % 2 ? 0.3 : 0.0); }));
  EXPECT_EQ(jumping["ok"], false);
  EXPECT_NE(reasons(jumping).find("Only one person in view"), std::string::npos) << reasons(jumping);

  const json feet = ask(body([](int) { return standing(0.0, 0.2); }));
  EXPECT_EQ(feet["ok"], false);
  EXPECT_NE(reasons(feet).find("the feet are not in the picture. Step back"), std::string::npos)
      << reasons(feet);

  const json nobody = ask(body([](int) { return json(nullptr); }));
  EXPECT_EQ(nobody["ok"], false);
  EXPECT_NE(reasons(nobody).find("no one is in the picture"), std::string::npos) << reasons(nobody);

  // Bad frames: the field is named.
  json bad = body([](int) { return standing(); });
  bad["frames"][3]["landmarks"].erase(0);
  auto r = c.request("POST", path, bad.dump(), "application/json");
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(c.json(r)["field"], "/frames/3/landmarks") << r.body;
  bad = body([](int) { return standing(); });
  bad["frames"][5]["t_ms"] = 0;
  r = c.request("POST", path, bad.dump(), "application/json");
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(c.json(r)["field"], "/frames/5/t_ms") << r.body;
  bad = body([](int) { return standing(); });
  bad["frames"][2]["landmarks"][7][0] = 1e300;  // would overflow a float
  r = c.request("POST", path, bad.dump(), "application/json");
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(c.json(r)["field"], "/frames/2/landmarks/7") << r.body;
  bad = body([](int) { return standing(); });
  bad["exercise"] = "no_such_exercise";
  r = c.request("POST", path, bad.dump(), "application/json");
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(c.json(r)["field"], "/exercise") << r.body;
}

}  // namespace
}  // namespace physio::test
