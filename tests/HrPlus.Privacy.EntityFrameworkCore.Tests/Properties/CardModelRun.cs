using HrPlus.Privacy.Encryption;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace HrPlus.Privacy.EntityFrameworkCore.Tests.Properties;

/// <summary>Runs one sequence of steps against the database and the model, checking both after every step.</summary>
internal sealed class CardModelRun(IServiceProvider provider)
{
    private readonly Dictionary<Guid, CardValues> _saved = [];
    private readonly CardSession[] _sessions = new CardSession[Step.Contexts];
    private readonly IFieldEncryptor _encryptor = provider.GetRequiredService<IFieldEncryptor>();

    public void Execute(Step[] steps)
    {
        using (var clean = new CardSession(provider))
        {
            clean.Db.Cards.ExecuteDelete();
        }

        for (var i = 0; i < _sessions.Length; i++)
        {
            _sessions[i] = new CardSession(provider);
        }

        try
        {
            foreach (var step in steps)
            {
                Apply(step, _sessions[step.Context]);
                CheckColumns();
                Array.ForEach(_sessions, CheckEntities);
            }
        }
        finally
        {
            Array.ForEach(_sessions, s => s.Dispose());
        }
    }

    private void Apply(Step step, CardSession session)
    {
        switch (step.Kind)
        {
            case StepKind.Add:
            {
                var copy = CopiedCiphertext();
                var card = new Card
                {
                    Id = Guid.NewGuid(),
                    Title = step.ValueFor(CardField.Title, copy)!,
                    Name = step.ValueFor(CardField.Name, copy),
                    Note = step.ValueFor(CardField.Note, copy),
                    SubjectId = step.ValueFor(CardField.SubjectId, copy)!,
                    Remark = step.ValueFor(CardField.Remark, copy),
                };
                session.Db.Cards.Add(card);
                session.Track(new TrackedCard(card, CardValues.Of(card), added: true));
                break;
            }

            case StepKind.Modify when session.Pick(step.Row) is { Deleted: false } tracked:
                tracked.Current = tracked.Current.With(step.Field, step.ValueFor(step.Field, CopiedCiphertext()));
                tracked.Current.ApplyTo(tracked.Entity, step.Field);
                session.Db.ChangeTracker.DetectChanges();
                if (!tracked.Added && tracked.Current.Get(step.Field) != tracked.Original.Get(step.Field))
                {
                    tracked.Modified.Add(step.Field);
                }

                break;

            case StepKind.Delete when session.Pick(step.Row) is { Deleted: false } tracked:
                session.Db.Cards.Remove(tracked.Entity);
                if (tracked.Added)
                {
                    session.Forget(tracked.Entity.Id);
                }
                else
                {
                    tracked.Deleted = true;
                }

                break;

            case StepKind.Save:
                Save(session, () => session.Db.SaveChanges());
                break;

            case StepKind.SaveUnacceptedThenAccept:
                Save(session, () =>
                {
                    using var transaction = session.Db.Database.BeginTransaction();
                    session.Db.SaveChanges(acceptAllChangesOnSuccess: false);
                    transaction.Commit();
                    session.Db.ChangeTracker.AcceptAllChanges();
                });
                break;

            case StepKind.RolledBackSave:
            {
                // Written, then rolled back: nothing changes, and the next save is the retry.
                using var transaction = session.Db.Database.BeginTransaction();
                Attempt(session, () => session.Db.SaveChanges(acceptAllChangesOnSuccess: false));
                transaction.Rollback();
                break;
            }

            case StepKind.FailedSave when _saved.Keys.FirstOrDefault(id => !session.Tracked.ContainsKey(id)) is var taken && taken != Guid.Empty:
            {
                // A duplicate key fails in the database, after every other value was encrypted.
                var duplicate = new Card { Id = taken, Name = "dup", Note = "dup", Remark = "dup" };
                session.Db.Cards.Add(duplicate);
                Assert.ThrowsAny<DbUpdateException>(() => session.Db.SaveChanges());
                session.Db.Entry(duplicate).State = EntityState.Detached;
                break;
            }

            case StepKind.RefusedSave:
            {
                var unbound = new Card { Id = Guid.NewGuid(), Name = "n", Note = "n", SubjectId = string.Empty, Remark = "r" };
                session.Db.Cards.Add(unbound);
                var error = Assert.Throws<InvalidOperationException>(() => session.Db.SaveChanges());
                Assert.Contains("'Card.Remark' is bound to its subject", error.Message, StringComparison.Ordinal);
                session.Db.Entry(unbound).State = EntityState.Detached;
                break;
            }

            case StepKind.Reload when session.Pick(step.Row, includeAdded: false) is { } tracked:
                session.Db.Entry(tracked.Entity).Reload();
                if (_saved.TryGetValue(tracked.Entity.Id, out var values))
                {
                    tracked.Current = values;
                    tracked.Accept();
                    tracked.Deleted = false;
                    Assert.Equal(EntityState.Unchanged, session.Db.Entry(tracked.Entity).State);
                }
                else
                {
                    session.Forget(tracked.Entity.Id);
                }

                break;

            case StepKind.Query:
                foreach (var card in session.Db.Cards.ToList())
                {
                    if (session.Tracked.TryGetValue(card.Id, out var tracked))
                    {
                        Assert.Same(tracked.Entity, card);
                    }
                    else
                    {
                        Assert.Equal(_saved[card.Id], CardValues.Of(card));
                        session.Track(new TrackedCard(card, CardValues.Of(card), added: false));
                    }
                }

                break;

            case StepKind.QueryNoTracking:
                Assert.Equal(Sorted(_saved), Sorted(session.Db.Cards.AsNoTracking().ToList().ToDictionary(c => c.Id, CardValues.Of)));
                break;

            case StepKind.Project:
            {
                var before = session.Db.ChangeTracker.Entries().Count();
                var projected = session.Db.Cards.Select(c => new { c.Id, c.Title, c.Name, c.Note, c.SubjectId, c.Remark }).ToList();
                Assert.Equal(Sorted(_saved), Sorted(projected.ToDictionary(p => p.Id, p => new CardValues(p.Title, p.Name, p.Note, p.SubjectId, p.Remark))));
                Assert.Equal(before, session.Db.ChangeTracker.Entries().Count());
                break;
            }

            case StepKind.NewContext:
                session.Dispose();
                _sessions[step.Context] = new CardSession(provider);
                break;
        }
    }

    // The database applies a save whole or not at all; an update or delete of a row another context deleted fails it.
    private void Save(CardSession session, Action save)
    {
        if (!Attempt(session, save))
        {
            return;
        }

        foreach (var tracked in session.Tracked.Values.ToList())
        {
            var id = tracked.Entity.Id;
            if (tracked.Deleted)
            {
                _saved.Remove(id);
                session.Forget(id);
                continue;
            }

            if (tracked.Added)
            {
                _saved[id] = tracked.Current;
            }
            else if (tracked.Modified.Count > 0)
            {
                _saved[id] = tracked.Written().Aggregate(_saved[id], (row, field) => row.With(field, tracked.Current.Get(field)));
            }

            tracked.Accept();
        }
    }

    private bool Attempt(CardSession session, Action save)
    {
        var fails = session.Tracked.Values.Any(t => !t.Added && (t.Deleted || t.Modified.Count > 0) && !_saved.ContainsKey(t.Entity.Id));
        if (fails)
        {
            Assert.Throws<DbUpdateConcurrencyException>(save);
            return false;
        }

        save();
        return true;
    }

    private string CopiedCiphertext() =>
        _saved.Count == 0 ? "hp1.AQAAAAEAAAAAAAAAAAAAAADbmxHmE5onfBO6OkDPvBjJ"
        : _sessions[0].Db.Database.SqlQuery<string?>($"SELECT \"Name\" AS \"Value\" FROM \"Cards\"").AsEnumerable().FirstOrDefault(v => v is not null) ?? "hp1.";

    private void CheckColumns()
    {
        using var checker = new CardSession(provider);
        var rows = checker.Db.Database
            .SqlQuery<RawCard>($"SELECT \"Id\", \"Title\", \"Name\", \"Note\", \"SubjectId\", \"Remark\" FROM \"Cards\"")
            .ToList();
        Assert.Equal(_saved.Count, rows.Count);
        foreach (var row in rows)
        {
            var expected = _saved[row.Id];
            Assert.Equal((expected.Title, expected.SubjectId), (row.Title, row.SubjectId));
            Assert.Equal(expected.Name, Decrypt(row.Name, FieldContext.For("Card", "Name").WithRow(row.Id)));
            Assert.Equal(expected.Note, Decrypt(row.Note, FieldContext.For("Card", "Note")));
            Assert.Equal(expected.Remark, Decrypt(row.Remark, FieldContext.For("Card", "Remark").WithSubject(row.SubjectId)));
        }
    }

    private string? Decrypt(string? stored, FieldContext context)
    {
        if (stored is null)
        {
            return null;
        }

        Assert.StartsWith(FieldCiphertext.TextPrefix, stored, StringComparison.Ordinal);
        return _encryptor.Decrypt(stored, context);
    }

    private static void CheckEntities(CardSession session)
    {
        var entries = session.Db.ChangeTracker.Entries<Card>().ToDictionary(e => e.Entity.Id);
        Assert.Equal(session.Tracked.Count, entries.Count);
        foreach (var (id, tracked) in session.Tracked)
        {
            var entry = entries[id];
            Assert.Same(tracked.Entity, entry.Entity);
            Assert.Equal(tracked.Current, CardValues.Of(tracked.Entity));
            var state = tracked.Added ? EntityState.Added : tracked.Deleted ? EntityState.Deleted : tracked.Modified.Count > 0 ? EntityState.Modified : EntityState.Unchanged;
            Assert.Equal(state, entry.State);
            if (!tracked.Added)
            {
                Assert.Equal(tracked.Original, new CardValues(
                    (string)entry.Property(nameof(Card.Title)).OriginalValue!,
                    (string?)entry.Property(nameof(Card.Name)).OriginalValue,
                    (string?)entry.Property(nameof(Card.Note)).OriginalValue,
                    (string)entry.Property(nameof(Card.SubjectId)).OriginalValue!,
                    (string?)entry.Property(nameof(Card.Remark)).OriginalValue));
            }
        }
    }

    private static List<KeyValuePair<Guid, CardValues>> Sorted(Dictionary<Guid, CardValues> rows) => [.. rows.OrderBy(r => r.Key)];
}

/// <summary>A row of the cards table as stored.</summary>
internal sealed record RawCard(Guid Id, string Title, string? Name, string? Note, string SubjectId, string? Remark);
