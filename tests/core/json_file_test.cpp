// JSON inputs: nesting depth and number range are refused with file:line:column before nlohmann
// parses (a deep document would overflow the stack in its destructor or dump).
#include "prunekit/core/json_file.hpp"

#include <gtest/gtest.h>

#include <string>

#include "prunekit/core/error.hpp"

namespace prunekit {
namespace {

std::string nested_arrays(std::size_t depth) {
  return std::string(depth, '[') + std::string(depth, ']');
}

std::string json_error_of(const std::string& text) {
  try {
    (void)parse_json_text(text, "in.json");
  } catch (const DataError& e) {
    return e.what();
  }
  return "";
}

TEST(JsonFile, NestingUpToTheLimitParses) {
  EXPECT_NO_THROW((void)parse_json_text(nested_arrays(kMaxJsonDepth), "in.json"));
}

TEST(JsonFile, DeeperNestingIsRefusedAtTheOpeningBracket) {
  // 60,000 levels crashed `validate` before; the error names the bracket past the limit.
  const std::string text = "{\"name\": " + nested_arrays(60000) + "}";
  EXPECT_EQ(json_error_of(text), "in.json:1:" + std::to_string(10 + kMaxJsonDepth - 1) +
                                     ": JSON nested deeper than 256 levels");
  EXPECT_EQ(
      json_error_of("\n\n  " + nested_arrays(kMaxJsonDepth + 1)),
      "in.json:3:" + std::to_string(3 + kMaxJsonDepth) + ": JSON nested deeper than 256 levels");
}

TEST(JsonFile, BracketsInsideStringsAreNotNesting) {
  const std::string text = "[\"" + std::string(1000, '[') + "\\\"" + std::string(1000, '{') + "\"]";
  EXPECT_NO_THROW((void)parse_json_text(text, "in.json"));
}

TEST(JsonFile, NumbersOutsideTheDoubleRangeAreRefusedWithPosition) {
  EXPECT_EQ(json_error_of("{\"seeds\": [1, 1e999]}"),
            "in.json:1:15: number 1e999 is outside the range of a double (about 1.8e308)");
  EXPECT_EQ(json_error_of("[\n -" + std::string(400, '9') + "]").substr(0, 21),
            "in.json:2:2: number -");
  EXPECT_NO_THROW((void)parse_json_text("[1e308, -1.7e308, 1e-400, 123456789012345678901]", "x"));
}

TEST(JsonFile, TypeErrorsWhileReadingBecomeDataErrors) {
  const auto json = parse_json_text("{\"format\": 0}", "m.json");
  EXPECT_THROW(
      (void)reading_json_of("m.json", [&] { return json.at("format").get<std::string>(); }),
      DataError);
}

}  // namespace
}  // namespace prunekit
