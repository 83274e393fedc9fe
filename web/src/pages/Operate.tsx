/** The operator view lives in features/operate (issue 13). */
export { OperatePage } from '../features/operate/OperatePage';
