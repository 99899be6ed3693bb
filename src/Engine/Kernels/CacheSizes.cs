using System.Globalization;

namespace Sweep.Engine.Kernels;

/// <summary>
/// Per-core data cache sizes in bytes (L1 data, L2, L3), which <see cref="GemmBlocking"/> sizes its
/// blocks from. Read once per process from Linux's sysfs (/sys/devices/system/cpu/cpu0/cache/index*/
/// level, type, size); where that is absent or unreadable (other systems, containers hiding it), the
/// <see cref="Fallback"/>: 32 KiB / 512 KiB / 8 MiB, the smallest of the x64 server cores the engine is
/// measured on (Zen 3, Zen 4, Xeon), so blocks chosen from it fit every one of them.
/// </summary>
internal readonly record struct CacheSizes(long L1Data, long L2, long L3)
{
    private const string SysfsFolder = "/sys/devices/system/cpu/cpu0/cache";

    public static CacheSizes Fallback { get; } = new(32 * 1024, 512 * 1024, 8 * 1024 * 1024);

    /// <summary>This machine's caches (read once), or <see cref="Fallback"/>.</summary>
    public static CacheSizes Machine { get; } = ReadSysfs(SysfsFolder) ?? Fallback;

    /// <summary>
    /// Sizes from a sysfs cache folder (index0, index1, ... each with level, type and size such as "48K");
    /// a level missing there keeps the fallback's size. Null when the folder holds no readable data cache.
    /// </summary>
    public static CacheSizes? ReadSysfs(string folder)
    {
        if (!Directory.Exists(folder))
        {
            return null;
        }

        long l1 = 0, l2 = 0, l3 = 0;
        foreach (string index in Directory.EnumerateDirectories(folder, "index*"))
        {
            try
            {
                string type = File.ReadAllText(Path.Combine(index, "type")).Trim();
                if (type == "Instruction")
                {
                    continue;
                }

                int level = int.Parse(File.ReadAllText(Path.Combine(index, "level")).Trim(), CultureInfo.InvariantCulture);
                long? size = ParseSize(File.ReadAllText(Path.Combine(index, "size")));
                if (size is not { } bytes)
                {
                    continue;
                }

                switch (level)
                {
                    case 1: l1 = bytes; break;
                    case 2: l2 = bytes; break;
                    case 3: l3 = bytes; break;
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or OverflowException)
            {
                // An unreadable entry leaves that level to the fallback.
            }
        }

        if (l1 == 0 && l2 == 0 && l3 == 0)
        {
            return null;
        }

        return new CacheSizes(
            l1 > 0 ? l1 : Fallback.L1Data,
            l2 > 0 ? l2 : Fallback.L2,
            l3 > 0 ? l3 : Fallback.L3);
    }

    /// <summary>"48K", "2048K", "32M", "1G" or a plain byte count, as sysfs writes them; null if not a size.</summary>
    public static long? ParseSize(string text)
    {
        text = text.Trim();
        if (text.Length == 0)
        {
            return null;
        }

        long unit = char.ToUpperInvariant(text[^1]) switch
        {
            'K' => 1024,
            'M' => 1024 * 1024,
            'G' => 1024 * 1024 * 1024,
            _ => 1,
        };
        string digits = unit == 1 ? text : text[..^1];
        return long.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out long value) && value > 0 ? value * unit : null;
    }
}
