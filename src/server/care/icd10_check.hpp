#pragma once
/// The check of an episode's ICD-10-CM code against the list GET /api/icd10 searches (api_icd10.cpp).

#include <string>
#include <string_view>

#include "server/http/body_schema.hpp"

namespace physio::server {

/// "" when `code` is a complete code of data/coding/icd10cm.json, else the problem in words for a 400.
std::string icd10_code_problem(std::string_view code);

/// The episode body's `icd10_code` field: the format (clinic::icd10cm_problem), then the list.
FieldSpec icd10_code_field();

}  // namespace physio::server
