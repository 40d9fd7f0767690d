namespace HrPlus.Privacy.Identifiers;

/// <summary>The sex recorded in the 7th digit of an <see cref="Iin"/>.</summary>
public enum Sex
{
    /// <summary>Male: odd 7th digit (1, 3, 5).</summary>
    Male = 1,

    /// <summary>Female: even 7th digit (2, 4, 6).</summary>
    Female = 2,
}
