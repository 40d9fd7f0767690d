using FsCheck;
using FsCheck.Fluent;

namespace HrPlus.Privacy.EntityFrameworkCore.Tests.Properties;

public enum StepKind
{
    Add,
    Modify,
    Delete,
    Save,
    SaveUnacceptedThenAccept,
    RolledBackSave,
    FailedSave,
    RefusedSave,
    Reload,
    Query,
    QueryNoTracking,
    Project,
    NewContext,
}

public enum CardField
{
    Title,
    Name,
    Note,
    SubjectId,
    Remark,
}

/// <summary>One step of a random session: which context, which of its tracked rows, which field, which value.</summary>
public sealed record Step(StepKind Kind, int Context, int Row, CardField Field, int Value)
{
    public const int Contexts = 3;

    /// <summary>Text values, among them text that starts with the ciphertext prefix and a real ciphertext of another row.</summary>
    public static readonly string?[] Texts =
        [null, "", "note", "Әлихан Бекұлы", "hp1. see file", "hp1.", "hp1.AQAAAAEAAAAAAAAAAAAAAADbmxHmE5onfBO6OkDPvBjJ", CopyMarker];

    private static readonly string[] Titles = ["a", "b", "c"];

    private static readonly string[] Subjects = ["s-1", "s-2", "s-3"];

    public const string CopyMarker = "<a ciphertext copied from another row>";

    private static readonly StepKind[] Weighted =
    [
        StepKind.Add, StepKind.Add, StepKind.Modify, StepKind.Modify, StepKind.Modify, StepKind.Modify, StepKind.Delete,
        StepKind.Save, StepKind.Save, StepKind.Save, StepKind.SaveUnacceptedThenAccept, StepKind.RolledBackSave, StepKind.FailedSave,
        StepKind.RefusedSave, StepKind.Reload, StepKind.Query, StepKind.QueryNoTracking, StepKind.Project, StepKind.NewContext,
    ];

    /// <summary>Sequences of steps; a failure shrinks by dropping steps.</summary>
    public static Arbitrary<Step[]> Sequences()
    {
        var step =
            from kind in Gen.Elements(Weighted)
            from context in Gen.Choose(0, Contexts - 1)
            from row in Gen.Choose(0, 9)
            from field in Gen.Elements(Enum.GetValues<CardField>())
            from value in Gen.Choose(0, Texts.Length - 1)
            select new Step(kind, context, row, field, value);
        return Arb.From(step.ArrayOf(), steps => Enumerable.Range(0, steps.Length).Select(i => steps.Where((_, j) => j != i).ToArray()));
    }

    /// <summary>The value this step writes into <see cref="Field"/>; <paramref name="copy"/> stands for <see cref="CopyMarker"/>.</summary>
    public string? ValueFor(CardField field, string copy) => field switch
    {
        CardField.Title => Titles[Value % Titles.Length],
        CardField.SubjectId => Subjects[Value % Subjects.Length],
        _ => Texts[Value] == CopyMarker ? copy : Texts[Value],
    };
}

/// <summary>What a card holds: the model's view of a row, or of a tracked entity.</summary>
public sealed record CardValues(string Title, string? Name, string? Note, string SubjectId, string? Remark)
{
    public static CardValues Of(Card card) => new(card.Title, card.Name, card.Note, card.SubjectId, card.Remark);

    public string? Get(CardField field) => field switch
    {
        CardField.Title => Title,
        CardField.Name => Name,
        CardField.Note => Note,
        CardField.SubjectId => SubjectId,
        _ => Remark,
    };

    public CardValues With(CardField field, string? value) => field switch
    {
        CardField.Title => this with { Title = value! },
        CardField.Name => this with { Name = value },
        CardField.Note => this with { Note = value },
        CardField.SubjectId => this with { SubjectId = value! },
        _ => this with { Remark = value },
    };

    public void ApplyTo(Card card, CardField field)
    {
        switch (field)
        {
            case CardField.Title: card.Title = Title; break;
            case CardField.Name: card.Name = Name; break;
            case CardField.Note: card.Note = Note; break;
            case CardField.SubjectId: card.SubjectId = SubjectId; break;
            default: card.Remark = Remark; break;
        }
    }
}

/// <summary>The model of one tracked entity: what it holds, what EF Core holds as original, what is modified.</summary>
public sealed class TrackedCard(Card entity, CardValues values, bool added)
{
    public Card Entity { get; } = entity;

    public CardValues Current { get; set; } = values;

    public CardValues Original { get; set; } = values;

    public bool Added { get; set; } = added;

    public bool Deleted { get; set; }

    public HashSet<CardField> Modified { get; } = [];

    /// <summary>The columns an update writes: the modified ones, and a subject-bound value with its subject id.</summary>
    public IEnumerable<CardField> Written() =>
        Modified.Contains(CardField.SubjectId) || Modified.Contains(CardField.Remark)
            ? Modified.Union([CardField.SubjectId, CardField.Remark])
            : Modified;

    public void Accept()
    {
        Original = Current;
        Added = false;
        Modified.Clear();
    }
}
