#pragma once
/// People in HL7 v2 fields: XCN (extended composite id and name for persons: AIP-3, TXA-5, TXA-9) and
/// PPN (performing person time stamp: TXA-22), read and written component by component, and the
/// comparison of such a name with a staff member's display name ("Sam Rivera, PT").
///
/// XCN components used (2.5 numbering, unchanged 2.3 to 2.8):
///   1 id, 2.1 family name (FN.1 surname), 3 given name, 4 second and further given names,
///   5 suffix (Jr, III), 6 prefix (Dr), 7 degree (deprecated since 2.5, still what most systems read),
///   9.1 assigning authority of the id (HD namespace), 21 professional suffix ("PT, OCS"; 2.5 on).
/// PPN is XCN's components 1 to 14, then the time of the action (15); its professional suffix is 23.

#include <string>
#include <string_view>
#include <vector>

#include "hl7/message.hpp"

namespace physio::hl7 {

/// A person named in an XCN / PPN field; `role` is the segment's (AIP-4.1), not XCN's.
struct Practitioner {
  std::string id{};
  std::string family{};
  std::string given{};
  std::string role{};
  std::string middle{};       ///< XCN.4, second and further given names
  std::string suffix{};       ///< XCN.5
  std::string prefix{};       ///< XCN.6
  std::string credentials{};  ///< XCN.21 professional suffix, else XCN.7 degree ("PT", "PT, DPT")
  std::string authority{};    ///< XCN.9.1, who issued `id`
  bool operator==(const Practitioner&) const = default;
};

/// The XCN at `seg`-`field`, repetition `repetition` (1-based).
Practitioner read_xcn(const Message& m, const Segment& seg, int field, int repetition = 1);

enum class PersonType { kXcn, kPpn };

/// Writes `p` (without its role) at `segment`-`field`, first repetition, escaped: id, family, given,
/// middle, suffix, prefix, the first credential as degree (.7), authority (.9), and all credentials
/// as professional suffix (XCN.21 / PPN.23).
void write_person(Message& m, std::string_view segment, int field, const Practitioner& p,
                  PersonType type = PersonType::kXcn);

/// A display name split into name parts, for writing a staff member as XCN:
///   "Sam Rivera, PT"            -> given Sam, family Rivera, credentials PT
///   "Dr. Léa van der Berg, PT, DPT" -> prefix Dr., given Léa, family van der Berg, credentials "PT, DPT"
///   "Rivera, Sam" (one word before the first comma) -> family Rivera, given Sam
///   "Anna Maria Lopez"          -> given Anna, middle Maria, family Lopez
///   "Jo O'Brien Jr, PT"         -> given Jo, family O'Brien, suffix Jr, credentials PT
/// Lower-case particles before the last word (van, de, der, von, da, di, du, le, la, del, dos, ...)
/// belong to the family name. A single word is the family name.
Practitioner split_display_name(std::string_view display);

/// Whether a staff member's display name names the person `p` (from an XCN): both reduced to
/// lower-case words, titles (Dr, Mr, Mrs, Ms, Prof), suffixes (Jr, Sr, II, III) and credentials dropped from
/// the display name (what follows a comma after a full name, and any word equal to p's prefix, suffix or
/// credentials), then equal to given [middle] family or family given [middle].
bool display_name_matches(std::string_view display, const Practitioner& p);

}  // namespace physio::hl7
