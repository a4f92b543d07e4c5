#pragma once
/// Outbound messages wait in the outbox as text; what the settings say about their header is applied
/// when they leave, not when they were queued, so a backlog made before the settings were given (or
/// before they changed) goes out with the receiver's current names:
///   MSH-5 / MSH-6  the settings' receiving application / facility, when set (a `^` in a setting
///                  separates HD components: `EHR^1.2.840.99^ISO`); unset: left as queued
///   PID-3          an identifier of type MR queued without an assigning authority gets the settings'
///                  `mrn_authority`, when set
/// Text that does not parse is returned unchanged (the receiver's ACK then says what is wrong).

#include <string>
#include <string_view>

#include "hl7/header.hpp"

namespace physio::hl7 {

std::string fill_at_send(std::string_view queued, const OutboundSettings& settings);

}  // namespace physio::hl7
