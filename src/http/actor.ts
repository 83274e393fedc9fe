/** Who is acting: the signed-in principal's username (401 when there is none). See authenticate.ts. */
export { actorOf } from './authenticate.ts';
