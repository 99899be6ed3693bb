using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Sweep.Engine.Config;

namespace Sweep.Specs;

/// <summary>
/// The identity of a trial: 16 lowercase hex characters of SHA-256 over <see cref="CanonicalText"/>
/// of the config's canonical form. Every field counts, the seed included, with optimizer defaults
/// made explicit, so the same trial has the same id on every machine and in every process, and
/// changing any setting gives another id. Resume and exactly-once commits rest on it.
/// </summary>
public static class TrialId
{
    public const int Length = 16;

    /// <summary>Fields sorted by name (ordinal), the order of the canonical text.</summary>
    private static readonly ConfigField[] SortedFields =
        [.. ConfigSchema.Fields.OrderBy(f => f.Name, StringComparer.Ordinal)];

    [ThreadStatic]
    private static ArrayBufferWriter<char>? s_text;

    public static string Of(TrialConfig config)
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
            return Convert.ToHexStringLower(hash[..(Length / 2)]);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(utf8);
        }
    }

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
