using System.Globalization;
using HrPlus.Privacy.Identifiers;

namespace HrPlus.Privacy.Depersonalization;

/// <summary>Birth dates: date, month, year, five-year band, <c>*</c>.</summary>
internal sealed class BirthDateHierarchy() : Hierarchy(4)
{
    private protected override string? GeneralizeCore(string value, int level)
    {
        if (!DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            return null;
        }

        return level switch
        {
            0 => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            1 => date.ToString("yyyy-MM", CultureInfo.InvariantCulture),
            2 => date.Year.ToString(CultureInfo.InvariantCulture),
            3 => YearBand(date.Year),
            _ => Suppressed,
        };
    }

    internal static string YearBand(int year)
    {
        var start = year - (year % 5);
        return string.Create(CultureInfo.InvariantCulture, $"{start}-{start + 4}");
    }
}

/// <summary>IINs: birth year and sex, birth year, five-year band, <c>*</c>; never the digits.</summary>
internal sealed class IinHierarchy() : Hierarchy(3)
{
    private protected override string? GeneralizeCore(string value, int level)
    {
        if (!Identifiers.Iin.TryParse(value.AsSpan(), out var iin))
        {
            return null;
        }

        var year = iin.BirthDate.Year;
        return level switch
        {
            0 => string.Create(CultureInfo.InvariantCulture, $"{year} {(iin.Sex == Sex.Female ? 'F' : 'M')}"),
            1 => year.ToString(CultureInfo.InvariantCulture),
            2 => BirthDateHierarchy.YearBand(year),
            _ => Suppressed,
        };
    }
}

/// <summary>Numbers in nested bands <c>[lower, upper)</c>, then <c>*</c>.</summary>
internal sealed class IntervalHierarchy(int[] widths) : Hierarchy(widths.Length + 1)
{
    private protected override string? GeneralizeCore(string value, int level)
    {
        if (!decimal.TryParse(value, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number))
        {
            return null;
        }

        if (level == 0)
        {
            return value;
        }

        if (level > widths.Length)
        {
            return Suppressed;
        }

        var width = widths[level - 1];
        var lower = decimal.Floor(number / width) * width;
        return string.Create(CultureInfo.InvariantCulture, $"[{lower:0.##}, {lower + width:0.##})");
    }
}

/// <summary>School classes: class, grade, stage, <c>*</c>.</summary>
internal sealed class SchoolClassHierarchy() : Hierarchy(3)
{
    private protected override string? GeneralizeCore(string value, int level)
    {
        var digits = 0;
        while (digits < value.Length && char.IsAsciiDigit(value[digits]))
        {
            digits++;
        }

        if (digits is 0 or > 2 || !int.TryParse(value.AsSpan(0, digits), NumberStyles.None, CultureInfo.InvariantCulture, out var grade) || grade > 12)
        {
            return null;
        }

        foreach (var c in value.AsSpan(digits))
        {
            if (!char.IsLetter(c) && c is not ' ' and not '-')
            {
                return null;
            }
        }

        return level switch
        {
            0 => value,
            1 => grade.ToString(CultureInfo.InvariantCulture),
            2 => grade <= 4 ? "primary" : grade <= 9 ? "lower-secondary" : "upper-secondary",
            _ => Suppressed,
        };
    }
}

/// <summary>A host-supplied tree (or, with no tree and any leaf accepted, a flat category).</summary>
internal sealed class TreeHierarchy : Hierarchy
{
    private readonly IReadOnlyDictionary<string, string> _parentOf;
    private readonly HashSet<string> _known;
    private readonly bool _acceptsAnyLeaf;

    public TreeHierarchy(IReadOnlyDictionary<string, string> parentOf, bool acceptsAnyLeaf)
        : base(Depth(parentOf) + 1)
    {
        _parentOf = parentOf.ToDictionary(StringComparer.Ordinal);
        _known = new HashSet<string>(parentOf.Keys.Concat(parentOf.Values), StringComparer.Ordinal);
        _acceptsAnyLeaf = acceptsAnyLeaf;
    }

    private protected override string? GeneralizeCore(string value, int level)
    {
        if (!_known.Contains(value) && !(_acceptsAnyLeaf && value.Length > 0 && value != Suppressed))
        {
            return null;
        }

        var label = value;
        for (var i = 0; i < level; i++)
        {
            if (!_parentOf.TryGetValue(label, out var parent))
            {
                return Suppressed;
            }

            label = parent;
        }

        return label;
    }

    private static int Depth(IReadOnlyDictionary<string, string> parentOf)
    {
        var depth = 0;
        foreach (var (child, parent) in parentOf)
        {
            if (string.IsNullOrEmpty(child) || string.IsNullOrEmpty(parent) || child == Suppressed || parent == Suppressed)
            {
                throw new ArgumentException("Tree labels are non-empty and never \"*\".", nameof(parentOf));
            }

            var steps = 1;
            for (var node = parent; parentOf.TryGetValue(node, out var next); node = next)
            {
                if (++steps > parentOf.Count)
                {
                    throw new ArgumentException("The tree has a cycle.", nameof(parentOf));
                }
            }

            depth = Math.Max(depth, steps);
        }

        return depth;
    }
}
