/**
 * Tables of assessments (R26-R28) and the threshold policy (R14): DPIA, equality impact
 * assessment and policy document versions that an authorisation must link; bias reports stored
 * with the model and thresholds they measured; the history of thresholds set by policy.
 */
export type AssessmentKind = 'dpia' | 'eia' | 'policy';

export interface AssessmentsTable {
  id: string;
  kind: AssessmentKind;
  version: string;
  title: string;
  /** sha256 of the signed document, so the record names exactly which text was approved. */
  document_sha256: string | null;
  summary: string;
  approved_by: string;
  approved_at: string;
  created_by: string;
  created_at: string;
}

export interface BiasReportsTable {
  id: string;
  model_id: string;
  measured_at: string;
  dataset: string;
  /** JSON array of the thresholds measured: [{ id, value }]. */
  thresholds_json: string;
  /** The whole report as produced by `vigil eval demographics`, JSON. */
  report_json: string;
  stored_by: string;
  stored_at: string;
}

export interface ThresholdPoliciesTable {
  id: string;
  model_id: string;
  threshold: number;
  reason: string;
  bias_report_id: string;
  set_by: string;
  set_at: string;
}

export interface AssessmentTables {
  assessments: AssessmentsTable;
  bias_reports: BiasReportsTable;
  threshold_policies: ThresholdPoliciesTable;
}
