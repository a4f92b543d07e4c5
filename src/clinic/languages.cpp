// Common languages of patients as BCP 47 tags (RFC 5646) with their English names. The tags are the IANA
// Language Subtag Registry's (two-letter ISO 639-1 codes where one exists, regions ISO 3166-1, scripts ISO
// 15924); the names follow ISO 639-2 as shipped in Debian's iso-codes 4.15.0, shortened to the name a
// person uses ("Catalan" for "Catalan; Valencian"). Chosen: the languages of the EU and EFTA countries, the
// most spoken languages world-wide and the languages most often needing an interpreter in European and
// North American clinics, with the regional forms that differ in writing (pt-BR and pt-PT, zh-Hans and
// zh-Hant).
#include "clinic/registration.hpp"

#include <array>

namespace physio::clinic {
namespace {

constexpr std::array kLanguages{
    Language{"af", "Afrikaans"},
    Language{"sq", "Albanian"},
    Language{"am", "Amharic"},
    Language{"ar", "Arabic"},
    Language{"hy", "Armenian"},
    Language{"az", "Azerbaijani"},
    Language{"eu", "Basque"},
    Language{"bn", "Bengali"},
    Language{"bs", "Bosnian"},
    Language{"bg", "Bulgarian"},
    Language{"my", "Burmese"},
    Language{"yue", "Cantonese"},
    Language{"ca", "Catalan"},
    Language{"zh", "Chinese"},
    Language{"zh-Hans", "Chinese (simplified)"},
    Language{"zh-Hant", "Chinese (traditional)"},
    Language{"hr", "Croatian"},
    Language{"cs", "Czech"},
    Language{"da", "Danish"},
    Language{"nl", "Dutch"},
    Language{"en", "English"},
    Language{"en-GB", "English (United Kingdom)"},
    Language{"en-US", "English (United States)"},
    Language{"et", "Estonian"},
    Language{"fil", "Filipino"},
    Language{"fi", "Finnish"},
    Language{"fr", "French"},
    Language{"fr-CA", "French (Canada)"},
    Language{"gl", "Galician"},
    Language{"ka", "Georgian"},
    Language{"de", "German"},
    Language{"el", "Greek"},
    Language{"gu", "Gujarati"},
    Language{"ha", "Hausa"},
    Language{"he", "Hebrew"},
    Language{"hi", "Hindi"},
    Language{"hu", "Hungarian"},
    Language{"is", "Icelandic"},
    Language{"ig", "Igbo"},
    Language{"id", "Indonesian"},
    Language{"ga", "Irish"},
    Language{"it", "Italian"},
    Language{"ja", "Japanese"},
    Language{"kn", "Kannada"},
    Language{"kk", "Kazakh"},
    Language{"km", "Khmer"},
    Language{"ko", "Korean"},
    Language{"ku", "Kurdish"},
    Language{"lo", "Lao"},
    Language{"lv", "Latvian"},
    Language{"lt", "Lithuanian"},
    Language{"lb", "Luxembourgish"},
    Language{"mk", "Macedonian"},
    Language{"ms", "Malay"},
    Language{"ml", "Malayalam"},
    Language{"mt", "Maltese"},
    Language{"mr", "Marathi"},
    Language{"ne", "Nepali"},
    Language{"no", "Norwegian"},
    Language{"nb", "Norwegian Bokmål"},
    Language{"nn", "Norwegian Nynorsk"},
    Language{"ps", "Pashto"},
    Language{"fa", "Persian (Farsi)"},
    Language{"pl", "Polish"},
    Language{"pt", "Portuguese"},
    Language{"pt-BR", "Portuguese (Brazil)"},
    Language{"pt-PT", "Portuguese (Portugal)"},
    Language{"pa", "Punjabi"},
    Language{"ro", "Romanian"},
    Language{"rm", "Romansh"},
    Language{"ru", "Russian"},
    Language{"sr", "Serbian"},
    Language{"si", "Sinhala"},
    Language{"sk", "Slovak"},
    Language{"sl", "Slovenian"},
    Language{"so", "Somali"},
    Language{"es", "Spanish"},
    Language{"es-419", "Spanish (Latin America)"},
    Language{"es-ES", "Spanish (Spain)"},
    Language{"sw", "Swahili"},
    Language{"sv", "Swedish"},
    Language{"tl", "Tagalog"},
    Language{"ta", "Tamil"},
    Language{"te", "Telugu"},
    Language{"th", "Thai"},
    Language{"ti", "Tigrinya"},
    Language{"tr", "Turkish"},
    Language{"uk", "Ukrainian"},
    Language{"ur", "Urdu"},
    Language{"uz", "Uzbek"},
    Language{"vi", "Vietnamese"},
    Language{"cy", "Welsh"},
    Language{"xh", "Xhosa"},
    Language{"yo", "Yoruba"},
    Language{"zu", "Zulu"},
};

}  // namespace

std::span<const Language> languages() {
  return kLanguages;
}

}  // namespace physio::clinic
