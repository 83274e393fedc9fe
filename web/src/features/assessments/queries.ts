/** Server state of the assessments page: assessments, bias reports and the threshold in force. */
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { api, ok, type Schemas } from '../../api/client';

export type Assessment = Schemas['Assessment'];

export const assessmentKeys = {
  assessments: ['assessments', 'list'] as const,
  biasReports: ['assessments', 'bias-reports'] as const,
  thresholds: ['assessments', 'thresholds'] as const,
};

export const useAssessments = () =>
  useQuery({
    queryKey: assessmentKeys.assessments,
    queryFn: async () => (await ok(api.GET('/v1/assessments'))).assessments,
  });

export const useBiasReports = () =>
  useQuery({
    queryKey: assessmentKeys.biasReports,
    queryFn: async () => (await ok(api.GET('/v1/bias-reports'))).reports,
  });

export type BiasReportItem = NonNullable<ReturnType<typeof useBiasReports>['data']>[number];

export const useThresholds = () =>
  useQuery({ queryKey: assessmentKeys.thresholds, queryFn: () => ok(api.GET('/v1/thresholds')) });

export function useInvalidate(): (...keys: (readonly string[])[]) => Promise<void> {
  const client = useQueryClient();
  return async (...keys) => {
    await Promise.all(keys.map((queryKey) => client.invalidateQueries({ queryKey })));
  };
}
