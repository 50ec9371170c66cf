// Groups own records together: a member sees what the group owns (visibility.ts).
import type { Knex } from 'knex';
import { nowUtc } from '../db.js';
import { GatewayError } from '../errors.js';
import type { Group } from '../types.js';

interface GroupRow {
  id: number;
  groupname: string;
  description: string | null;
}

export class GroupRepository {
  constructor(private readonly knex: Knex) {}

  async create(name: string, description: string | null = null): Promise<Group> {
    if (name.trim() === '' || name.length > 100)
      throw new GatewayError('invalid_input', 'Group name must be 1-100 characters');
    const existing = await this.knex('groups').where({ groupname: name }).first();
    if (existing) throw new GatewayError('conflict', `Group ${name} already exists`);
    const [inserted] = await this.knex('groups')
      .insert({ groupname: name, description, created_at: nowUtc() })
      .returning('id');
    const id =
      typeof inserted === 'object' && inserted !== null
        ? Number((inserted as { id: number }).id)
        : Number(inserted);
    return { id, name, description, memberIds: [] };
  }

  async get(id: number): Promise<Group | null> {
    const row = await this.knex<GroupRow>('groups').where({ id }).first();
    if (!row) return null;
    const members = await this.knex('group_members')
      .where({ group_id: id })
      .orderBy('user_id')
      .pluck('user_id');
    return {
      id: Number(row.id),
      name: row.groupname,
      description: row.description,
      memberIds: members.map(Number),
    };
  }

  async list(): Promise<Group[]> {
    const rows = await this.knex<GroupRow>('groups').orderBy('id');
    const members = await this.knex('group_members').select('group_id', 'user_id');
    return rows.map((r) => ({
      id: Number(r.id),
      name: r.groupname,
      description: r.description,
      memberIds: members
        .filter((m: { group_id: number }) => Number(m.group_id) === Number(r.id))
        .map((m: { user_id: number }) => Number(m.user_id)),
    }));
  }

  async addMember(groupId: number, userId: number): Promise<void> {
    await this.knex('group_members')
      .insert({ group_id: groupId, user_id: userId })
      .onConflict(['group_id', 'user_id'])
      .ignore();
  }

  async removeMember(groupId: number, userId: number): Promise<void> {
    await this.knex('group_members').where({ group_id: groupId, user_id: userId }).del();
  }
}
