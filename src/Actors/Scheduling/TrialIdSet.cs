using System.Globalization;

namespace Sweep.Actors.Scheduling;

/// <summary>
/// A set of trial ids sized for million-trial sweeps: ids in TrialId's form (16 hex digits) are kept
/// as 8-byte keys, anything else as strings.
/// </summary>
internal sealed class TrialIdSet
{
    private readonly HashSet<ulong> _hex = [];
    private readonly HashSet<string> _other = new(StringComparer.Ordinal);

    public int Count => _hex.Count + _other.Count;

    public bool Add(string trialId) =>
        TryKey(trialId, out ulong key) ? _hex.Add(key) : _other.Add(trialId);

    public bool Contains(string trialId) =>
        TryKey(trialId, out ulong key) ? _hex.Contains(key) : _other.Contains(trialId);

    /// <summary>Lowercase only, so that "0A..." and "0a..." stay distinct ids as they are distinct strings.</summary>
    private static bool TryKey(string trialId, out ulong key)
    {
        key = 0;
        return trialId.Length == 16
            && trialId.All(c => char.IsAsciiDigit(c) || c is >= 'a' and <= 'f')
            && ulong.TryParse(trialId, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out key);
    }
}
