// The parity gate's public API: the findings model, the runner, the static checks and the reports.
export { FINDING_CODES, finding, maskFinding, maskSecrets, SECRET_MASK } from './finding.ts';
export type { Finding, FindingCode, FindingInput, Severity } from './finding.ts';
export { CHECK_FAMILIES, CHECK_FAMILY_TITLES } from './check.ts';
export type { CheckFamily, ParityCheck } from './check.ts';
export { findAllowance, validateAllowList } from './allow-list-entry.ts';
export type { AllowListEntry } from './allow-list-entry.ts';
export { PARITY_ALLOW_LIST } from './allow-list.ts';
export { PARITY_EXIT, parityExitCode, summarizeParity } from './parity-result.ts';
export type {
  CheckResult,
  CheckStatus,
  EvaluatedFinding,
  FindingDisposition,
  ParityExitCode,
  ParityResult,
  ParitySummary,
} from './parity-result.ts';
export { runChecks } from './run-checks.ts';
export type { CheckProgress, RunChecksOptions } from './run-checks.ts';
export { CONFIGURATION_KEY_RULES, classifyConfigurationKey } from './configuration-key-rules.ts';
export type { ConfigurationKeyClass, ConfigurationKeyKind } from './configuration-key-rules.ts';
export { compareEffectiveConfiguration } from './effective-configuration.ts';
export type {
  AwsSecretEntry,
  AwsServiceConfiguration,
  EffectiveConfigurationInput,
  EffectiveConfigurationOptions,
} from './effective-configuration.ts';
export { compareServiceShapes, normalizeHealthCheckCommand } from './service-shape.ts';
export type { HealthCheckShape, ServiceShape, ServiceShapeInput } from './service-shape.ts';
export { compareServerVersions } from './server-versions.ts';
export type { ProductVersion, ServerVersionPair } from './server-versions.ts';
export { staticChecks } from './static-checks.ts';
export type { StaticCheckContext, StaticFacts } from './static-checks.ts';
export { compareRoutes } from './routes.ts';
export type { AwsRoutes, ComposeLocation, ComposeRoutes, RoutesInput, RouteTarget } from './routes.ts';
export { compareNetwork } from './network.ts';
export type { NetworkGroup, NetworkInput, NetworkRule } from './network.ts';
export { checkDeployFidelity } from './deploy-fidelity.ts';
export type { DeployFidelityInput, DescribedResource } from './deploy-fidelity.ts';
export { comparePerTaskLimits } from './per-task-limits.ts';
export type { PerProcessLimit, PerTaskLimitsInput, ProcessCounts } from './per-task-limits.ts';
export { targetChecks } from './target-checks.ts';
export type { TargetCheckContext, TargetFacts } from './target-checks.ts';
export {
  buildParityReport,
  PARITY_REPORT_SCHEMA_VERSION,
  ParityReportSchema,
  parityReportErrors,
} from '../report/parity-report.ts';
export type {
  LoadRun,
  ParityReport,
  ParityReportExtras,
  ReportedFinding,
  Screenshot,
} from '../report/parity-report.ts';
export { renderParityHtml } from '../report/parity-html.ts';
export { renderParityJunit } from '../report/parity-junit.ts';
export { formatCheckProgress, formatFindingsTable } from '../report/terminal-report.ts';
export { writeParityReports } from '../report/write-parity-reports.ts';
export type { ParityReportFiles } from '../report/write-parity-reports.ts';
