// The audit trail's actions in words, as the "Who opened this record" list shows them. Every audit event a
// route writes has its words here (the access browser test checks it against /api/openapi.json).
export const AUDIT_ACTIONS = {
  'patient.create': 'Registered the patient',
  'patient.read': 'Viewed the details',
  'patient.update': 'Changed the details',
  'patient.search': 'Found in a search',
  'patient.export': 'Exported the whole record (a copy for the patient)',
  'patient_restriction.read': 'Checked whether processing is restricted',
  'patient.restrict': 'Restricted processing of the record',
  'patient.restriction_lift': 'Lifted the restriction of processing',
  'patient.erase': 'Erased the record',
  'episode.read': 'Viewed episodes of care',
  'episode.create': 'Opened an episode of care',
  'appointment.read': 'Viewed appointments',
  'appointment.create': 'Booked an appointment',
  'appointment.update': 'Changed an appointment',
  'consent.read': 'Viewed consents',
  'consent.create': 'Recorded a consent',
  'recording.upload': 'Uploaded a recording',
  'recording.read': 'Viewed recordings',
  'recording.analyse': 'Analysed a recording',
  'report.read': 'Opened a report',
  'job.read': 'Followed an analysis',
  'observation.read': 'Viewed measurements',
  'audit.read': 'Viewed this access log',
  'questionnaire_response.read': 'Viewed outcome measures',
  'questionnaire_response.create': 'Filled in an outcome measure',
  'questionnaire_link.create': 'Made a questionnaire link',
  'questionnaire_link.read': 'Viewed questionnaire links',
  'questionnaire_link.open': 'Opened a questionnaire link',
  'questionnaire_link.submit': 'Filled in a questionnaire through a link',
  'rtm.read': 'Viewed remote monitoring',
  'rtm_setup.create': 'Set up remote monitoring',
  'rtm_time.create': 'Recorded remote monitoring time',
  'rtm_time.start': 'Started a remote monitoring timer',
  'rtm_time.stop': 'Stopped a remote monitoring timer',
  'rtm.lock': 'Locked a month for billing',
  'rtm.export': 'Exported the billing month',
  'live_session.create': 'Started a live exercise session',
  'live_session.connect': 'Streamed a live exercise session',
  'live_session.watch': 'Watched a live exercise session',
  'live_session.read': 'Viewed live exercise sessions',
  'live_session.store': 'Stored a live exercise set',
  'program.create': 'Prescribed a home exercise program',
  'program.read': 'Viewed the home exercise program',
  'program.update': 'Changed the home exercise program',
  'exercise_log.create': 'Logged an exercise session',
  'morning_pain.create': 'Answered the morning pain question',
  'progression.review': 'Reviewed progression',
  'progression.decide': 'Decided on a progression proposal',
  'progression.approve': 'Approved a progression',
  'progression.edit': 'Approved an edited progression',
  'progression.reject': 'Rejected a progression',
  'progression.auto_apply': 'Progressed automatically within bounds',
  'proposal.read': 'Viewed progression proposals',
  'exercise_log.read': 'Viewed exercise logs',
  'exercise_log.update': 'Added pain and effort to a live set',
  'morning_pain.read': 'Viewed morning pain answers',
  'caseload.read': 'Listed in the caseload',
  'reminder.read': 'Viewed reminders',
  'reminder.calendar': 'Fetched the reminder calendar',
  'reminder_settings.read': 'Viewed reminder settings',
  'reminder_settings.update': 'Changed reminder settings',
  'hl7.patient.create': 'Registered from the clinic system (HL7)',
  'hl7.patient.update': 'Updated from the clinic system (HL7)',
  'hl7.appointment.create': 'Appointment booked from the clinic system (HL7)',
  'hl7.appointment.update': 'Appointment changed from the clinic system (HL7)',
  'note.create': 'Drafted a note',
  'note.read': 'Viewed notes',
  'note.update': 'Edited a draft note',
  'note.sign': 'Signed a note',
  'note.addendum': 'Added an addendum to a note',
  'calendar_address.create': 'Made a private calendar address',
  'calendar_address.delete': 'Removed the private calendar address',
  'fhir.export': 'Exported records (FHIR bulk export)',
  'session.login': 'Logged in',
  'session.logout': 'Logged out',
  'user.create': 'Added a staff member',
  'user.disable': 'Disabled a staff member',
  'user.reset_password': 'Reset a password',
};

const FHIR_TYPES = { careplan: 'care plan', auditevent: 'access log', questionnaireresponse: 'questionnaire response', documentreference: 'document' };
const FHIR_OPS = { read: 'Read', search: 'Searched', everything: 'Read everything about the patient', create: 'Recorded', update: 'Changed' };
const FHIR_EXPORT = { read: 'Checked a FHIR bulk export', download: 'Downloaded a FHIR bulk export file', delete: 'Cancelled a FHIR bulk export' };

/** An audit action in words; the action itself when it has none. */
export function auditWords(action) {
  if (AUDIT_ACTIONS[action]) return AUDIT_ACTIONS[action];
  const parts = String(action).split('.');
  if (parts[0] === 'fhir' && parts.length === 3) {
    if (parts[1] === 'export' && FHIR_EXPORT[parts[2]]) return FHIR_EXPORT[parts[2]];
    if (parts[2] === 'everything') return `${FHIR_OPS.everything} (FHIR API)`;
    if (FHIR_OPS[parts[2]]) return `${FHIR_OPS[parts[2]]} ${FHIR_TYPES[parts[1]] || parts[1]} records (FHIR API)`;
  }
  return action;
}
