import { describe, expect, it } from 'vitest';
import type { ImportRowValues } from '../../contract/imports.ts';
import { emptyValues } from './normalise-row.ts';
import {
  assignCallers,
  type BatchRow,
  type CompanyRef,
  type ContactRef,
  carryOver,
  type ExistingMatches,
  emptyMatches,
  layMatches,
  planBatch,
  type QueueEntry,
} from './plan-batch.ts';

let counter = 0;
const newId = () => `new-${++counter}`;
const row = (rowNumber: number, values: Partial<ImportRowValues>): BatchRow => ({
  rowNumber,
  values: { ...emptyValues(), ...values },
});
const company = (id: string, extra: Partial<CompanyRef> = {}): CompanyRef => ({
  id,
  name: `Company ${id}`,
  region: null,
  visible: true,
  ...extra,
});
const contact = (id: string, companyId: string | null): ContactRef => ({
  id,
  name: `Contact ${id}`,
  companyId,
  visible: true,
});

function existing(setup: (m: ExistingMatches) => void): ExistingMatches {
  const matches = emptyMatches();
  setup(matches);
  return matches;
}

describe('matching a company row against existing records', () => {
  const db = existing((m) => {
    m.companiesByTaxId.set('7707083893', company('tax'));
    m.companiesByDomain.set('romashka.ru', company('domain'));
    m.contactsByPhone.set('+79161234567', [contact('c-phone', 'by-phone')]);
    m.contactsByEmail.set('a@vector.ru', [contact('c-email', 'by-email')]);
    m.companiesById.set('by-phone', company('by-phone'));
    m.companiesById.set('by-email', company('by-email', { visible: false }));
  });

  it('matches by tax id, then domain, then a contact’s phone, then e-mail', () => {
    const plan = planBatch(
      [
        row(2, { name: 'A', taxId: '7707083893', domain: 'romashka.ru' }),
        row(3, { name: 'B', domain: 'romashka.ru' }),
        row(4, { name: 'C', phones: ['+79161234567'] }),
        row(5, { name: 'D', emails: ['a@vector.ru'] }),
        row(6, { name: 'E', taxId: '5001007322' }),
      ],
      db,
      { kind: 'companies', dedupe: 'merge', newId },
    );
    expect(plan.rows.map((r) => [r.action, r.company.id, r.company.match?.by ?? null])).toEqual([
      ['merge', 'tax', 'taxId'],
      ['merge', 'domain', 'domain'],
      ['merge', 'by-phone', 'phone'],
      ['merge', 'by-email', 'email'],
      ['create', expect.stringMatching(/^new-/), null],
    ]);
    expect(plan.rows[3]!.company.match).toEqual({ id: 'by-email', name: null, by: 'email', row: null });
    expect(plan.counts).toEqual({ created: 1, merged: 4, skipped: 0, errors: 0 });
  });

  it('merge fills empty fields and adds tags; skip changes nothing', () => {
    const rows = [row(2, { name: 'A', taxId: '7707083893', industry: 'IT', tags: ['vip'] })];
    const merge = planBatch(rows, db, { kind: 'companies', dedupe: 'merge', newId });
    expect(merge.companyPatches).toEqual([
      expect.objectContaining({ id: 'tax', industry: 'IT', tags: ['vip'] }),
    ]);
    const skip = planBatch(rows, db, { kind: 'companies', dedupe: 'skip', newId });
    expect(skip.companyPatches).toEqual([]);
    expect(skip.newCompanies).toEqual([]);
    expect(skip.counts.skipped).toBe(1);
  });

  it('create makes a new company even when one matches, but never reuses a taken tax id', () => {
    const plan = planBatch(
      [row(2, { name: 'A', domain: 'romashka.ru' }), row(3, { name: 'B', taxId: '7707083893' })],
      db,
      { kind: 'companies', dedupe: 'create', newId },
    );
    expect(plan.rows[0]!.action).toBe('create');
    expect(plan.rows[1]!.action).toBeNull();
    expect(plan.rows[1]!.error).toEqual({
      field: 'taxId',
      message: expect.stringMatching(/7707083893 already belongs to an existing company/),
    });
    expect(plan.counts).toEqual({ created: 1, merged: 0, skipped: 0, errors: 1 });
  });
});

describe('duplicates within the file', () => {
  it('folds a repeated company into the row that creates it', () => {
    const plan = planBatch(
      [
        row(2, { name: 'Acme', taxId: '7707083893', phones: ['+79161234567'], contactName: 'Ann' }),
        row(3, { name: 'Acme again', taxId: '7707083893', industry: 'IT', tags: ['x'] }),
        row(4, { name: 'Acme by phone', phones: ['+79161234567'], emails: ['ann@acme.com'] }),
      ],
      emptyMatches(),
      { kind: 'companies', dedupe: 'merge', newId },
    );
    expect(plan.newCompanies).toHaveLength(1);
    expect(plan.newCompanies[0]).toMatchObject({ name: 'Acme', industry: 'IT', tags: ['x'] });
    expect(plan.rows[1]!.company.match).toEqual({ id: null, name: 'Acme', by: 'taxId', row: 2 });
    expect(plan.rows[2]!.company.match).toMatchObject({ by: 'phone', row: 2 });
    // Row 4's contact is row 2's contact (same phone): it gets the e-mail.
    expect(plan.newContacts).toHaveLength(1);
    expect(plan.newContacts[0]).toMatchObject({ name: 'Ann', emails: ['ann@acme.com'] });
    expect(plan.counts).toEqual({ created: 1, merged: 2, skipped: 0, errors: 0 });
  });

  it('skips repeats with skip, and refuses a repeated tax id with create', () => {
    const rows = [row(2, { name: 'A', taxId: '7707083893' }), row(3, { name: 'B', taxId: '7707083893' })];
    expect(planBatch(rows, emptyMatches(), { kind: 'companies', dedupe: 'skip', newId }).counts).toEqual({
      created: 1,
      merged: 0,
      skipped: 1,
      errors: 0,
    });
    const create = planBatch(rows, emptyMatches(), { kind: 'companies', dedupe: 'create', newId });
    expect(create.rows[1]!.error?.message).toMatch(/already belongs to row 2/);
  });
});

describe('contacts imports', () => {
  it('matches the contact by e-mail, then phone, and its company by tax id or name', () => {
    const db = existing((m) => {
      m.contactsByEmail.set('ann@acme.com', [contact('ann', null)]);
      m.companiesByName.set('Acme', company('acme'));
    });
    const plan = planBatch(
      [
        row(2, { contactName: 'Ann', emails: ['ann@acme.com'], name: 'Acme', position: 'CEO' }),
        row(3, { contactName: 'Bob', phones: ['+79161234567'], name: 'Acme' }),
        row(4, { contactName: 'Cid', name: 'Newco' }),
        row(5, { contactName: 'Dan', name: 'Newco' }),
      ],
      db,
      { kind: 'contacts', dedupe: 'merge', newId },
    );
    expect(plan.rows.map((r) => [r.action, r.contact.match?.by ?? null, r.company.action])).toEqual([
      ['merge', 'email', 'merge'],
      ['create', null, 'merge'],
      ['create', null, 'create'],
      ['create', null, 'merge'],
    ]);
    expect(plan.contactPatches).toEqual([
      { id: 'ann', companyId: 'acme', position: 'CEO', emails: ['ann@acme.com'], phones: [] },
    ]);
    expect(plan.newCompanies.map((c) => c.name)).toEqual(['Newco']);
  });
});

describe('call lists', () => {
  it('queues each company once, new and existing alike, leaving out those already in the list', () => {
    const db = existing((m) => {
      m.companiesByTaxId.set('7707083893', company('old', { region: 'Москва' }));
      m.companiesByTaxId.set('5001007322', company('queued'));
      m.queuedCompanyIds.add('queued');
    });
    const plan = planBatch(
      [
        row(2, { name: 'Old', taxId: '7707083893', phones: ['+79161234567'] }),
        row(3, { name: 'Old again', taxId: '7707083893', phones: ['+79161234568'] }),
        row(4, { name: 'Queued', taxId: '5001007322', phones: ['+79161234569'] }),
        row(5, { name: 'New', phones: ['+79161234570'], region: 'СПб' }),
      ],
      db,
      { kind: 'call_list', dedupe: 'skip', newId },
    );
    expect(plan.queue.map((q) => [q.rowNumber, q.companyId, q.region, q.newCompany])).toEqual([
      [2, 'old', 'Москва', false],
      [5, expect.stringMatching(/^new-/), 'СПб', true],
    ]);
    // A phone without a person's name becomes the company's main line.
    expect(plan.newContacts).toEqual([expect.objectContaining({ name: 'New', phones: ['+79161234570'] })]);
  });

  const entry = (region: string | null): QueueEntry => ({
    rowNumber: 0,
    companyId: 'c',
    contactId: null,
    region,
    newCompany: true,
  });

  it('deals round robin, continuing from the loads so far', () => {
    const callers = [
      { id: 'a', region: null },
      { id: 'b', region: null },
    ];
    expect(assignCallers([entry(null), entry(null), entry(null)], callers, 'round_robin', new Map())).toEqual(
      ['a', 'b', 'a'],
    );
    expect(
      assignCallers(
        [entry(null)],
        callers,
        'round_robin',
        new Map([
          ['a', 2],
          ['b', 1],
        ]),
      ),
    ).toEqual(['b']);
  });

  it('deals by region to the callers of that region, the rest round robin', () => {
    const callers = [
      { id: 'msk', region: 'Москва' },
      { id: 'spb', region: 'Санкт-Петербург' },
      { id: 'msk2', region: 'москва ' },
    ];
    const loads = new Map<string, number>();
    expect(
      assignCallers(
        [entry('Москва'), entry('Санкт-Петербург'), entry('Москва'), entry('Казань'), entry(null)],
        callers,
        'region',
        loads,
      ),
    ).toEqual(['msk', 'spb', 'msk2', 'msk', 'spb']);
  });
});

describe('planning on top of an earlier batch that is not committed yet', () => {
  it('finds what the earlier batch creates and what its merges add, as if it were saved', () => {
    const db = existing((m) => {
      m.companiesByTaxId.set('7707083893', company('old', { taxId: '7707083893', domain: null }));
      m.companiesByDomain.set('taken.ru', company('full', { taxId: '5001007322', domain: 'taken.ru' }));
    });
    const earlier = planBatch(
      [
        row(2, {
          name: 'New',
          taxId: '7812014560',
          domain: 'new.ru',
          phones: ['+79160000001'],
          contactName: 'Ann',
        }),
        // fills the old company's empty domain and adds a contact to it
        row(3, { name: 'Old', taxId: '7707083893', domain: 'old.ru', phones: ['+79160000002'] }),
        // the full company keeps its tax id: the row's other one is not carried over
        row(4, { name: 'Full', taxId: '6663003127', domain: 'taken.ru' }),
      ],
      db,
      { kind: 'call_list', dedupe: 'merge', newId },
    );
    const carried = carryOver(earlier, db);
    const newCompany = earlier.newCompanies[0]!.id;
    expect(carried.companiesByTaxId.get('7812014560')?.id).toBe(newCompany);
    expect(carried.companiesByDomain.get('new.ru')?.id).toBe(newCompany);
    expect(carried.companiesByDomain.get('old.ru')?.id).toBe('old');
    expect(carried.companiesByTaxId.has('6663003127')).toBe(false);
    expect(carried.contactsByPhone.get('+79160000001')?.[0]?.companyId).toBe(newCompany);
    expect(carried.contactsByPhone.get('+79160000002')?.[0]?.companyId).toBe('old');
    expect([...carried.queuedCompanyIds].sort()).toEqual([newCompany, 'full', 'old'].sort());

    const laterRows = [
      row(5, { name: 'New again', phones: ['+79160000001'] }),
      row(6, { name: 'Old by domain', domain: 'old.ru' }),
      row(7, { name: 'Other', taxId: '6663003127' }),
    ];
    const later = planBatch(laterRows, layMatches(emptyMatches(), carried, laterRows), {
      kind: 'call_list',
      dedupe: 'merge',
      newId,
    });
    expect(later.rows.map((r) => [r.action, r.company.id])).toEqual([
      ['merge', newCompany],
      ['merge', 'old'],
      ['create', later.newCompanies[0]!.id],
    ]);
    // Already queued by the earlier batch.
    expect(later.queue.map((entry) => entry.companyId)).toEqual([later.newCompanies[0]!.id]);
  });

  it('lays the earlier batch under what the database found, which wins', () => {
    const found = existing((m) => m.companiesByTaxId.set('7707083893', company('saved')));
    const carried = existing((m) => {
      m.companiesByTaxId.set('7707083893', company('pending'));
      m.companiesByTaxId.set('7812014560', company('pending-2'));
      m.contactsByPhone.set('+79160000001', [contact('c1', 'pending-2')]);
      m.companiesById.set('pending-2', company('pending-2'));
    });
    found.contactsByPhone.set('+79160000001', [contact('c0', 'saved')]);
    const laid = layMatches(found, carried, [
      row(2, { taxId: '7707083893' }),
      row(3, { taxId: '7812014560', phones: ['+79160000001'] }),
    ]);
    expect(laid.companiesByTaxId.get('7707083893')?.id).toBe('saved');
    expect(laid.companiesByTaxId.get('7812014560')?.id).toBe('pending-2');
    expect(laid.contactsByPhone.get('+79160000001')?.map((c) => c.id)).toEqual(['c0', 'c1']);
    expect(laid.companiesById.get('pending-2')?.id).toBe('pending-2');
  });
});
