#pragma once
/// A signed SOAP note as a PDF, laid out as a clinician signs it (docs/server/fhir.md, "Signed notes as
/// PDF"): A4, the clinic, the note's type and date, the patient (name, date of birth, record number), the
/// Subjective, Objective, Assessment and Plan sections with one paragraph per sentence ("Nothing recorded."
/// for an empty one), then who wrote and who signed it and when, with the document's number and the
/// fingerprint of the signed content, then the addenda in their order (date, author, text, reason).
/// Every page after the first repeats the patient and the note on top; page n of m at the foot.
///
/// Pure layout: the caller passes the words (names, dates as they are to be read). Text is drawn in the
/// PDF standard fonts, so it is Windows-1252 (cp1252.hpp); uncompressed, so that it can be searched.

#include <string>
#include <vector>

#include "core/error.hpp"

namespace physio::print {

struct PrintedSection {
  std::string title;                   ///< "Subjective"
  std::vector<std::string> sentences;  ///< in order; none: "Nothing recorded."
};

struct PrintedAddendum {
  std::string heading;  ///< "Addendum of 26 Nov 2026 09:10 UTC by Lee Chen"
  std::string text;
  std::string reason;
};

struct PrintedNote {
  std::string clinic;         ///< "Riverside Clinic"
  std::string title;          ///< the note's type: "Physical therapy Visit note"
  std::string note_date;      ///< "25 Nov 2026"
  std::string patient;        ///< "Ana Silva"
  std::string birth_date;     ///< "1958-03-02", "" unknown
  std::string record_number;  ///< the clinic's MRN, "" none
  std::vector<PrintedSection> sections;
  std::string author;     ///< who wrote it
  std::string signer;     ///< who signed it (required)
  std::string signed_at;  ///< "25 Nov 2026 16:40 UTC"
  std::string document_id;
  std::string content_sha256;  ///< of the signed content (notes::signed_content)
  std::vector<PrintedAddendum> addenda;
  std::string printed_on;  ///< "26 Nov 2026"
};

/// The PDF's bytes. kInvalidArgument for a note without a signer or without sections; kInternal when the
/// PDF library fails.
Result<std::string> note_pdf(const PrintedNote& note);

}  // namespace physio::print
