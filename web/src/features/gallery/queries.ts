/** Server state of the gallery pages: the query keys, the reads, and what each change invalidates. */
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, asIs, ok } from '../../api/client';

export const galleryKeys = {
  all: ['gallery'] as const,
  subjects: (query: { limit: number; offset?: number; q?: string }) => ['gallery', 'subjects', query] as const,
  stats: ['gallery', 'stats'] as const,
  subject: (id: string) => ['gallery', 'subject', id] as const,
};

/** One page of subjects; the last page stays shown while the next is read. */
export const useSubjects = (query: { limit: number; offset?: number; q?: string }) =>
  useQuery({
    queryKey: galleryKeys.subjects(query),
    queryFn: () => ok(api.GET('/v1/gallery/subjects', { params: { query } })),
    placeholderData: keepPreviousData,
  });

export const useGalleryStats = () =>
  useQuery({ queryKey: galleryKeys.stats, queryFn: () => ok(api.GET('/v1/gallery/stats')) });

export const useSubject = (id: string) =>
  useQuery({
    queryKey: galleryKeys.subject(id),
    queryFn: () => ok(api.GET('/v1/gallery/subjects/{id}', { params: { path: { id } } })),
  });

export function enrol(form: FormData) {
  return ok(api.POST('/v1/gallery/subjects', { body: form as never, bodySerializer: asIs }));
}
export type Enrolment = Awaited<ReturnType<typeof enrol>>;

/** Enrolling a subject: the lists, the counts and any subject shown are read again. */
export function useEnrol(onError: (err: Error) => void) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: enrol,
    onError,
    onSuccess: () => client.invalidateQueries({ queryKey: galleryKeys.all }),
  });
}

/** Deleting a subject (its images and templates): everything of the gallery is read again. */
export function useDeleteSubject(id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => ok(api.DELETE('/v1/gallery/subjects/{id}', { params: { path: { id } } })),
    onSuccess: async () => {
      client.removeQueries({ queryKey: galleryKeys.subject(id) });
      await client.invalidateQueries({ queryKey: galleryKeys.all });
    },
  });
}
