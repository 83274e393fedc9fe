/** Governance records (assessments:read): assessments, bias reports and the threshold policy. */
import { useSession } from '../../app/session';
import '../admin.css';
import { AssessmentsSection } from './AssessmentsSection';
import { BiasReportsSection } from './BiasReportsSection';
import { ThresholdsSection } from './ThresholdsSection';

export function AssessmentsPage() {
  const { can } = useSession();
  return (
    <section className="page">
      <h1>Assessments, bias reports and thresholds</h1>
      <AssessmentsSection canWrite={can('assessments:write')} />
      <BiasReportsSection canWrite={can('assessments:write')} />
      <ThresholdsSection canChange={can('thresholds:change')} />
    </section>
  );
}
