namespace HrPlus.Privacy.Identifiers;

/// <summary>Which unit of an entity a <see cref="Bin"/> names, from its 6th digit.</summary>
public enum BinUnitType
{
    /// <summary>6th digit 0: the head organization.</summary>
    HeadOrganization = 0,

    /// <summary>6th digit 1: a branch.</summary>
    Branch = 1,

    /// <summary>6th digit 2: a representative office.</summary>
    RepresentativeOffice = 2,

    /// <summary>6th digit 3: a peasant (farm) enterprise working as a joint enterprise.</summary>
    PeasantFarm = 3,
}
