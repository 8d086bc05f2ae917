import { z } from 'zod';
import { isValidRequest } from '../../../../common/domain/package-requests';
import type { GroupRow } from '../../../../common/ipc/methods/host-packages';
import { hostPackagesMethods } from '../../../../common/ipc/methods/host-packages';
import { codedZodResolver } from '../../forms/coded-zod-resolver';
import { splitRequests } from './package-lists';

/**
 * The group form of the Groups dialog (react-hook-form) and its schema: the contract's rules for
 * `groups.save` (name, description), WAPT's package-name style for a new group, and each typed
 * package request checked by the rule the rest of the console uses (common/domain/package-requests.ts).
 */
const Save = hostPackagesMethods['groups.save'].input.shape;

/** A new group gets a WAPT package name (lower-case ASCII: docs/wapt-package-format.md, docs/host-packages.md); existing ones keep theirs. */
export const GROUP_NAME = /^[a-z0-9][a-z0-9_.-]*$/;

/** What the form holds; the field names are the inputs' `name`s (react-hook-form finds fields by them). */
export interface GroupFormValues {
  /** Not an input: whether the form creates a group or edits the one picked (its name is then read-only). */
  mode: 'create' | 'edit';
  groupName: string;
  groupDescription: string;
  /** Package requests, one per line or comma-separated. */
  groupPackages: string;
  groupConflicts: string;
}

export interface GroupFormOutput {
  mode: 'create' | 'edit';
  name: string;
  description: string;
  packages: string[];
  conflicts: string[];
}

export const EMPTY_GROUP_FORM: GroupFormValues = {
  mode: 'create',
  groupName: '',
  groupDescription: '',
  groupPackages: '',
  groupConflicts: '',
};

export function groupFormOf(g: GroupRow): GroupFormValues {
  return {
    mode: 'edit',
    groupName: g.package,
    groupDescription: g.description,
    groupPackages: g.depends.join('\n'),
    groupConflicts: g.conflicts.join('\n'),
  };
}

/**
 * A list of package requests: the issue names the ones that are not requests. They are package
 * names the person typed (never secrets), and the issue stays in this window.
 */
const Requests = z
  .string()
  .transform(splitRequests)
  .superRefine((requests, ctx) => {
    const invalid = requests.filter((r) => !isValidRequest(r));
    if (invalid.length > 0)
      ctx.addIssue({
        code: 'custom',
        message: `not a package request: ${invalid.join(', ')}`,
        params: { issue: 'PACKAGE_REQUESTS', names: invalid.join(', ') },
      });
  });

export const GroupFormSchema = z
  .object({
    mode: Save.mode,
    groupName: Save.name,
    groupDescription: Save.description.unwrap(),
    groupPackages: Requests,
    groupConflicts: Requests,
  })
  .refine((v) => v.mode === 'edit' || GROUP_NAME.test(v.groupName), {
    // Checked even while a list is wrong (zod skips an object's refinements once a field failed).
    when: () => true,
    path: ['groupName'],
    message: 'a group name is lower-case letters, digits, "-", "_" or "."',
    params: { issue: 'GROUP_NAME' },
  })
  .transform((v): GroupFormOutput => ({
    mode: v.mode,
    name: v.groupName,
    description: v.groupDescription,
    packages: v.groupPackages,
    conflicts: v.groupConflicts,
  }));

export const groupFormResolver = codedZodResolver<GroupFormValues, GroupFormOutput>(GroupFormSchema);
