/** Request and response schemas of login, logout, the caller's own identity and password, first-start setup and OIDC. */
import { z } from 'zod';
import { roles } from '../../governance/roles.ts';
import { permissions } from '../../governance/permissions.ts';

export const loginBody = z.object({
  username: z.string().min(1).max(200),
  password: z.string().min(1).max(1024),
});

export const meResponse = z
  .object({
    user: z.object({ id: z.string(), username: z.string(), displayName: z.string() }),
    roles: z.array(z.enum(roles)),
    permissions: z.array(z.enum(permissions)).describe('what this user may do: the console shows only these actions'),
    via: z.enum(['session', 'token']),
    passwordChangeRequired: z
      .boolean()
      .describe(
        'the password was set by an administrator: nothing but POST /v1/auth/password is open until it changes',
      ),
    csrfToken: z
      .string()
      .nullable()
      .describe('send it as X-CSRF-Token with every POST, PUT, PATCH and DELETE made with the session cookie'),
  })
  .meta({ id: 'Me' });
export type MeResponse = z.infer<typeof meResponse>;

export const passwordChangeBody = z.object({
  currentPassword: z.string().min(1).max(1024),
  newPassword: z.string().min(1).max(1024).describe('at least 12 characters, not predictable, not the current one'),
});

export const setupBody = z.object({
  token: z.string().min(1).max(200).describe('the one-time setup token the server printed at start'),
  username: z.string().min(1).max(64),
  password: z.string().min(1).max(1024),
  displayName: z.string().trim().min(1).max(200),
});

export const authOptionsResponse = z.object({
  setupRequired: z.boolean().describe('no administrator exists yet: use POST /v1/setup with the printed token'),
  oidc: z.boolean().describe('sign-in through the identity provider is available at /v1/auth/oidc/start'),
});

export const oidcCallbackQuery = z.object({
  code: z.string().max(4096).optional(),
  state: z.string().max(512).optional(),
  error: z.string().max(512).optional(),
  error_description: z.string().max(2048).optional(),
  iss: z.string().max(2048).optional(),
  session_state: z.string().max(2048).optional(),
});
