namespace HrPlus.Privacy.Depersonalization;

/// <summary>
/// The re-identification risk a release carries, in the three attacker models of the statistical disclosure control
/// literature (Dankar and El Emam; as reported by ARX and sdcMicro), computed over the released records and their
/// equivalence classes as written (a <c>*</c> matches only itself).
/// </summary>
/// <remarks>
/// <para>
/// With f the size of a record's class in the release and F the size of the matching class in the population:
/// </para>
/// <list type="bullet">
/// <item><description><b>Prosecutor</b>: the attacker knows the person is in the release; the record's risk is 1 / f.
/// <see cref="ProsecutorMaxRisk"/> = 1 / smallest f; <see cref="ProsecutorMeanRisk"/> = the mean of 1 / f over the
/// records = number of classes / number of records.</description></item>
/// <item><description><b>Journalist</b>: the attacker does not know whether the person is in the release and matches against
/// the population; the record's risk is 1 / F (needs <see cref="AnonymizationOptions.Population"/>).
/// <see cref="JournalistMaxRisk"/> = 1 / smallest F over the released classes; <see cref="JournalistMeanRisk"/> = the mean
/// of 1 / F over the records.</description></item>
/// <item><description><b>Marketer</b>: the attacker matches every record and counts the expected share re-identified:
/// (1 / n) Σ f / F over the classes, which is the journalist mean with a population and the prosecutor mean (F = f)
/// without one.</description></item>
/// <item><description><b>Records at risk</b>: the share of released records whose prosecutor risk is above
/// <see cref="Threshold"/> (ARX's "records at risk").</description></item>
/// </list>
/// <para>A release of no records has every risk 0.</para>
/// </remarks>
public sealed class RiskReport
{
    /// <summary>Gets the highest prosecutor risk of a released record: 1 / the smallest class size.</summary>
    public required double ProsecutorMaxRisk { get; init; }

    /// <summary>Gets the mean prosecutor risk over the released records: classes / records.</summary>
    public required double ProsecutorMeanRisk { get; init; }

    /// <summary>Gets the highest journalist risk: 1 / the smallest population class matching a released class; null without a population.</summary>
    public double? JournalistMaxRisk { get; init; }

    /// <summary>Gets the mean journalist risk over the released records (mean of 1 / F); null without a population.</summary>
    public double? JournalistMeanRisk { get; init; }

    /// <summary>Gets the marketer risk: the expected share of released records an attacker who matches them all re-identifies.</summary>
    public required double MarketerRisk { get; init; }

    /// <summary>Gets the threshold of <see cref="RecordsAtRisk"/> (<see cref="AnonymizationOptions.RiskThreshold"/>).</summary>
    public required double Threshold { get; init; }

    /// <summary>Gets the share of released records whose prosecutor risk is above <see cref="Threshold"/>, 0 to 1.</summary>
    public required double RecordsAtRisk { get; init; }

    /// <summary>Gets the number of released records whose prosecutor risk is above <see cref="Threshold"/>.</summary>
    public required int RecordsAtRiskCount { get; init; }

    /// <summary>The report for classes of <paramref name="sizes"/> and, when known, their population counts.</summary>
    /// <exception cref="DepersonalizationException">A population class is smaller than the released class it matches.</exception>
    internal static RiskReport Compute(IReadOnlyList<int> sizes, IReadOnlyList<int>? population, double threshold) => Compute(sizes, population, threshold, null);

    /// <summary>
    /// The report for classes of <paramref name="sizes"/> records each, where an attacker sees class c as holding
    /// <paramref name="apparent"/>[c] records (a hidden table cell: the least count it could have); null: as it is.
    /// </summary>
    internal static RiskReport Compute(IReadOnlyList<int> sizes, IReadOnlyList<int>? population, double threshold, IReadOnlyList<long>? apparent)
    {
        long records = 0;
        var smallest = int.MaxValue;
        var smallestPopulation = int.MaxValue;
        var atRisk = 0;
        double journalistSum = 0, prosecutorSum = 0;
        for (var c = 0; c < sizes.Count; c++)
        {
            var f = sizes[c];
            var seen = apparent is null ? f : (int)Math.Min(int.MaxValue, apparent[c]);
            records += f;
            smallest = Math.Min(smallest, seen);
            prosecutorSum += (double)f / seen;
            if (1d / seen > threshold)
            {
                atRisk += f;
            }

            if (population is not null)
            {
                var big = population[c];
                if (big < f)
                {
                    throw new DepersonalizationException(
                        DepersonalizationError.InvalidSchema,
                        "The population counts fewer people in a released class than the release holds; the population must cover every person of the dataset.");
                }

                smallestPopulation = Math.Min(smallestPopulation, big);
                journalistSum += (double)f / big;
            }
        }

        if (records == 0)
        {
            return new RiskReport
            {
                ProsecutorMaxRisk = 0, ProsecutorMeanRisk = 0, JournalistMaxRisk = population is null ? null : 0, JournalistMeanRisk = population is null ? null : 0,
                MarketerRisk = 0, Threshold = threshold, RecordsAtRisk = 0, RecordsAtRiskCount = 0,
            };
        }

        var prosecutorMean = prosecutorSum / records;
        var journalistMean = population is null ? (double?)null : journalistSum / records;
        return new RiskReport
        {
            ProsecutorMaxRisk = 1d / smallest,
            ProsecutorMeanRisk = prosecutorMean,
            JournalistMaxRisk = population is null ? null : 1d / smallestPopulation,
            JournalistMeanRisk = journalistMean,
            MarketerRisk = journalistMean ?? prosecutorMean,
            Threshold = threshold,
            RecordsAtRisk = (double)atRisk / records,
            RecordsAtRiskCount = atRisk,
        };
    }
}
