using System.Buffers;
using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Sweep.Engine.Config;

namespace Sweep.Specs;

/// <summary>
/// The identity of a trial: the first 8 bytes of SHA-256 over <see cref="CanonicalText"/> of the config's
/// canonical form, written as 16 lowercase hex digits. Every field counts, the seed included, with optimizer
/// defaults made explicit, so the same trial has the same id on every machine and in every process, and
/// changing any setting gives another id. Resume and exactly-once commits rest on it.
/// Text becomes an id only through <see cref="Parse(string)"/> / <see cref="TryParse(string?, out TrialId)"/>,
/// which accept exactly the text <see cref="ToString()"/> writes; ids order as their texts do (ordinal).
/// </summary>
public readonly struct TrialId : IEquatable<TrialId>, IComparable<TrialId>, ISpanFormattable, ISpanParsable<TrialId>
{
    /// <summary>Characters of the text form.</summary>
    public const int Length = 16;

    /// <summary>Fields sorted by name (ordinal), the order of the canonical text.</summary>
    private static readonly ConfigField[] SortedFields =
        [.. ConfigSchema.Fields.OrderBy(f => f.Name, StringComparer.Ordinal)];

    [ThreadStatic]
    private static ArrayBufferWriter<char>? s_text;

    private readonly ulong _value;

    public TrialId(ulong value) => _value = value;

    /// <summary>The 64 bits the text spells, most significant digit first.</summary>
    public ulong Value => _value;

    public static TrialId Of(TrialConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var text = s_text ??= new ArrayBufferWriter<char>(2048);
        text.ResetWrittenCount();
        WriteCanonicalText(text, config.Canonical());

        byte[] utf8 = ArrayPool<byte>.Shared.Rent(Encoding.UTF8.GetMaxByteCount(text.WrittenCount));
        try
        {
            int length = Encoding.UTF8.GetBytes(text.WrittenSpan, utf8);
            Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
            SHA256.HashData(utf8.AsSpan(0, length), hash);
            return new TrialId(BinaryPrimitives.ReadUInt64BigEndian(hash));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(utf8);
        }
    }

    /// <exception cref="FormatException"><paramref name="text"/> is not 16 lowercase hex digits; the message quotes it.</exception>
    public static TrialId Parse(string text) => Parse((text ?? throw new ArgumentNullException(nameof(text))).AsSpan());

    /// <inheritdoc cref="Parse(string)"/>
    public static TrialId Parse(ReadOnlySpan<char> text) =>
        TryParse(text, out TrialId id) ? id : throw new FormatException(ErrorFor(text));

    public static bool TryParse(string? text, out TrialId id) => TryParse(text.AsSpan(), out id);

    /// <summary>True for exactly 16 lowercase hex digits: "0A..." is refused, so an id has one text.</summary>
    public static bool TryParse(ReadOnlySpan<char> text, out TrialId id)
    {
        id = default;
        if (text.Length != Length)
        {
            return false;
        }

        ulong value = 0;
        foreach (char c in text)
        {
            int digit = c switch
            {
                >= '0' and <= '9' => c - '0',
                >= 'a' and <= 'f' => c - 'a' + 10,
                _ => -1,
            };
            if (digit < 0)
            {
                return false;
            }

            value = (value << 4) | (uint)digit;
        }

        id = new TrialId(value);
        return true;
    }

    /// <summary>Why <paramref name="text"/> is not an id, quoting it (cut to 40 characters).</summary>
    public static string ErrorFor(ReadOnlySpan<char> text)
    {
        string shown = text.Length > 40 ? string.Concat(text[..40], "...") : text.ToString();
        return $"'{shown}' is not a trial id: expected {Length} lowercase hex digits (0-9, a-f)";
    }

    static TrialId IParsable<TrialId>.Parse(string s, IFormatProvider? provider) => Parse(s);

    static bool IParsable<TrialId>.TryParse(string? s, IFormatProvider? provider, out TrialId result) => TryParse(s, out result);

    static TrialId ISpanParsable<TrialId>.Parse(ReadOnlySpan<char> s, IFormatProvider? provider) => Parse(s);

    static bool ISpanParsable<TrialId>.TryParse(ReadOnlySpan<char> s, IFormatProvider? provider, out TrialId result) => TryParse(s, out result);

    public override string ToString() => _value.ToString("x16", CultureInfo.InvariantCulture);

    string IFormattable.ToString(string? format, IFormatProvider? formatProvider) => ToString();

    public bool TryFormat(Span<char> destination, out int charsWritten, ReadOnlySpan<char> format = default, IFormatProvider? provider = null) =>
        _value.TryFormat(destination, out charsWritten, "x16", CultureInfo.InvariantCulture);

    public bool Equals(TrialId other) => _value == other._value;

    public override bool Equals(object? obj) => obj is TrialId other && Equals(other);

    public override int GetHashCode() => _value.GetHashCode();

    /// <summary>The order of the texts (fixed width, so numeric order is ordinal text order).</summary>
    public int CompareTo(TrialId other) => _value.CompareTo(other._value);

    public static bool operator ==(TrialId left, TrialId right) => left.Equals(right);

    public static bool operator !=(TrialId left, TrialId right) => !left.Equals(right);

    public static bool operator <(TrialId left, TrialId right) => left._value < right._value;

    public static bool operator >(TrialId left, TrialId right) => left._value > right._value;

    public static bool operator <=(TrialId left, TrialId right) => left._value <= right._value;

    public static bool operator >=(TrialId left, TrialId right) => left._value >= right._value;

    /// <summary>
    /// The text that is hashed: a compact JSON object of every field of <paramref name="config"/>
    /// (as given; <see cref="Of"/> passes the canonical form), keys sorted by name, values as
    /// <see cref="ConfigField.Format"/> writes them (invariant culture, round-trip doubles) and
    /// strings quoted and escaped, so two different configs never share a text.
    /// </summary>
    public static string CanonicalText(TrialConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var text = new ArrayBufferWriter<char>(2048);
        WriteCanonicalText(text, config);
        return text.WrittenSpan.ToString();
    }

    private static void WriteCanonicalText(ArrayBufferWriter<char> text, TrialConfig config)
    {
        text.Write("{");
        for (int i = 0; i < SortedFields.Length; i++)
        {
            ConfigField field = SortedFields[i];
            text.Write(i == 0 ? "\"" : ",\"");
            text.Write(field.Name);
            text.Write("\":");
            WriteValue(text, field.Get(config));
        }

        text.Write("}");
    }

    /// <summary>The characters <see cref="ConfigField.Format"/> gives, written without an intermediate string.</summary>
    private static void WriteValue(ArrayBufferWriter<char> text, object? value)
    {
        switch (value)
        {
            case null:
                text.Write("null");
                break;
            case string s:
                WriteQuoted(text, s);
                break;
            case bool b:
                text.Write(b ? "true" : "false");
                break;
            case double d:
                WriteFormatted(text, d, "R");
                break;
            case int n:
                WriteFormatted(text, n, null);
                break;
            case long n:
                WriteFormatted(text, n, null);
                break;
            default:
                text.Write(ConfigField.Format(value));
                break;
        }
    }

    private static void WriteFormatted<T>(ArrayBufferWriter<char> text, T value, string? format)
        where T : ISpanFormattable
    {
        Span<char> destination = text.GetSpan(32);
        if (!value.TryFormat(destination, out int written, format, CultureInfo.InvariantCulture))
        {
            throw new InvalidOperationException($"{value} does not fit 32 characters");
        }

        text.Advance(written);
    }

    private static void WriteQuoted(ArrayBufferWriter<char> text, string value)
    {
        text.Write("\"");
        int plain = 0;
        for (int i = 0; i < value.Length; i++)
        {
            char c = value[i];
            if (c is not ('"' or '\\') && c >= ' ')
            {
                continue;
            }

            text.Write(value.AsSpan(plain, i - plain));
            text.Write(c switch
            {
                '"' => "\\\"",
                '\\' => "\\\\",
                _ => "\\u" + ((int)c).ToString("x4", CultureInfo.InvariantCulture),
            });
            plain = i + 1;
        }

        text.Write(value.AsSpan(plain));
        text.Write("\"");
    }
}
