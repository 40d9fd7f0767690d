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

/// <summary>Numbers in nested bands <c>[lower, upper)</c>, then <c>*</c>; values below <c>bottom</c> or from <c>top</c> up are coded as one band at every level.</summary>
internal sealed class IntervalHierarchy(int[] widths, decimal? bottom = null, decimal? top = null) : Hierarchy(widths.Length + 1)
{
    private readonly string? _bottomLabel = bottom is { } b ? string.Create(CultureInfo.InvariantCulture, $"< {b:0.##}") : null;
    private readonly string? _topLabel = top is { } t ? string.Create(CultureInfo.InvariantCulture, $">= {t:0.##}") : null;

    private protected override string? GeneralizeCore(string value, int level)
    {
        if (!decimal.TryParse(value, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number))
        {
            return null;
        }

        if (level > widths.Length)
        {
            return Suppressed;
        }

        if (number < bottom)
        {
            return _bottomLabel;
        }

        if (number >= top)
        {
            return _topLabel;
        }

        if (level == 0)
        {
            return value;
        }

        var width = widths[level - 1];
        var lower = decimal.Floor(number / width) * width;
        var upper = lower + width;
        lower = bottom is { } b && b > lower ? b : lower;
        upper = top is { } t && t < upper ? t : upper;
        return string.Create(CultureInfo.InvariantCulture, $"[{lower:0.##}, {upper:0.##})");
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
/// <remarks>Every value reaches the root at level <see cref="Hierarchy.Height"/> - 1; a shorter path repeats its root (<see cref="UnevenDepth.Pad"/>).</remarks>
internal sealed class TreeHierarchy : Hierarchy
{
    private readonly Dictionary<string, string> _parentOf;
    private readonly HashSet<string> _known;
    private readonly bool _acceptsAnyLeaf;

    public TreeHierarchy(IReadOnlyDictionary<string, string> parentOf, bool acceptsAnyLeaf, UnevenDepth uneven = UnevenDepth.Pad)
        : base(Depth(parentOf, uneven) + 1)
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
        for (var i = 0; i < level && _parentOf.TryGetValue(label, out var parent); i++)
        {
            label = parent;
        }

        return label;
    }

    private static int Depth(IReadOnlyDictionary<string, string> parentOf, UnevenDepth uneven)
    {
        if (!Enum.IsDefined(uneven))
        {
            throw new ArgumentOutOfRangeException(nameof(uneven));
        }

        var depth = 0;
        var parents = new HashSet<string>(parentOf.Values, StringComparer.Ordinal);
        var leafDepths = new HashSet<int>();
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
            if (!parents.Contains(child))
            {
                leafDepths.Add(steps);
            }
        }

        if (uneven == UnevenDepth.Refuse && leafDepths.Count > 1)
        {
            throw new DepersonalizationException(
                DepersonalizationError.InvalidHierarchy, "The tree's leaves lie at different depths; give every leaf the same number of ancestors, or pass UnevenDepth.Pad.");
        }

        return depth;
    }
}
