using System.Runtime.InteropServices;

namespace Sweep.Engine.Numerics;

/// <summary>
/// Flush-to-zero and denormals-are-zero for the calling thread while a trial trains (issue 17).
/// <para>
/// Why: a float below 1.18e-38 (a denormal) costs an Intel core a microcode assist of the order of a hundred
/// cycles per vector instruction that reads or writes one. Training makes them routinely: Adam's first moment
/// decays by 0.9 a step wherever a unit went dead, and vanishing gradients fall through the range. On the
/// spirals engine case (Adam, 2,000 steps) a tenth of the first moments were denormal by the end, and the Adam
/// update took 35 % of the profiled step (9 % with them flushed); an update whose state was all denormal ran 40x
/// slower (518 against 13 us for 29,500 parameters, 2-core Intel Xeon, AVX-512). `Bench -Suite denormals`.
/// </para>
/// <para>
/// What changes: results that would have been denormal become zero (FTZ) and denormal inputs read as zero (DAZ),
/// the convention of TensorFlow's and XLA's CPU kernels and of PyTorch's <c>torch.set_flush_denormal(True)</c>;
/// PyTorch's default keeps them, so the two can differ in the last bits of a value that passed below 1e-38.
/// Every normal-range result is unchanged, and a trial gives the same bits on every x64 Linux or Windows machine.
/// </para>
/// <para>
/// How: MXCSR (bits 6 DAZ and 15 FTZ) is per thread and .NET has no managed access to it, so it is set through
/// the C library: glibc's <c>fegetenv</c>/<c>fesetenv</c> on Linux x64, whose <c>fenv_t</c> holds MXCSR at byte 28,
/// and the CRT's <c>_controlfp_s</c> with <c>_DN_FLUSH</c> on Windows x64. Elsewhere (macOS, Arm, a Linux without
/// glibc's libm) nothing changes and <see cref="IsSupported"/> is false. The previous state is restored when the
/// scope ends.
/// </para>
/// </summary>
internal static partial class DenormalFlush
{
    /// <summary>MXCSR bits: DAZ (denormal inputs read as zero) and FTZ (denormal results become zero).</summary>
    private const uint DenormalsAreZero = 1u << 6;
    private const uint FlushToZero = 1u << 15;
    private const uint MxcsrFlush = DenormalsAreZero | FlushToZero;

    /// <summary>glibc x86-64: sizeof(fenv_t) = 32, the x87 environment (28 bytes) then MXCSR.</summary>
    private const int FenvSize = 32;
    private const int FenvMxcsrOffset = 28;

    /// <summary>Windows CRT float.h: the denormal control mask and its flush setting.</summary>
    private const uint McwDn = 0x03000000;
    private const uint DnFlush = 0x01000000;

    /// <summary>MXCSR's exception mask bits, all set in a .NET process, and its reserved upper half, always zero.</summary>
    private const uint ExceptionMasks = 0x1F80;
    private const uint ReservedBits = 0xFFFF0000;

    /// <summary>
    /// Whether this platform's denormal control is known and answers as expected; where false, <see cref="Enter"/>
    /// changes nothing. On Linux the C library must export fegetenv and the value at byte 28 must look like MXCSR
    /// (every exception masked, reserved bits clear), so a C library with another fenv_t layout is left alone
    /// rather than written to.
    /// </summary>
    public static bool IsSupported { get; } = Probe();

    /// <summary>Whether denormals are flushed on the calling thread now (false where unsupported).</summary>
    public static bool IsEnabled => IsSupported && (OperatingSystem.IsLinux()
        ? (ReadMxcsrLinux() & MxcsrFlush) == MxcsrFlush
        : (ReadControlWindows() & McwDn) == DnFlush);

    /// <summary>Flushes denormals on the calling thread until the returned scope is disposed, which restores the state before.</summary>
    public static Scope Enter() =>
        IsSupported ? new Scope(Swap(OperatingSystem.IsLinux() ? MxcsrFlush : DnFlush)) : default;

    /// <summary>Restores the thread's denormal handling of before <see cref="Enter"/>; use it on the same thread.</summary>
    public readonly struct Scope : IDisposable
    {
        private readonly bool _active;
        private readonly uint _saved;

        internal Scope(uint saved)
        {
            _active = true;
            _saved = saved;
        }

        public void Dispose()
        {
            if (_active)
            {
                Swap(_saved);
            }
        }
    }

    private static bool Probe()
    {
        if (RuntimeInformation.ProcessArchitecture != Architecture.X64)
        {
            return false;
        }

        try
        {
            if (OperatingSystem.IsLinux())
            {
                uint mxcsr = ReadMxcsrLinux();
                return (mxcsr & ReservedBits) == 0 && (mxcsr & ExceptionMasks) == ExceptionMasks;
            }

            if (OperatingSystem.IsWindows())
            {
                ReadControlWindows();
                return true;
            }
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException or InvalidOperationException)
        {
            // No libm.so.6 (musl-based Linux) or no ucrtbase: leave denormals as they are.
        }

        return false;
    }

    private static unsafe uint ReadMxcsrLinux()
    {
        byte* environment = stackalloc byte[FenvSize];
        Check(Libm.GetEnvironment(environment), "fegetenv");
        return *(uint*)(environment + FenvMxcsrOffset);
    }

    /// <summary>
    /// Sets the thread's denormal control and returns the one it replaces, both in the platform's terms: MXCSR's
    /// DAZ and FTZ bits on Linux (the other bits kept), the CRT's denormal control on Windows.
    /// </summary>
    private static unsafe uint Swap(uint control)
    {
        if (OperatingSystem.IsLinux())
        {
            byte* environment = stackalloc byte[FenvSize];
            Check(Libm.GetEnvironment(environment), "fegetenv");
            uint* mxcsr = (uint*)(environment + FenvMxcsrOffset);
            uint before = *mxcsr & MxcsrFlush;
            *mxcsr = (*mxcsr & ~MxcsrFlush) | control;
            Check(Libm.SetEnvironment(environment), "fesetenv");
            return before;
        }

        uint previous = ReadControlWindows() & McwDn;
        Check(Crt.ControlFloatingPoint(out _, control, McwDn), "_controlfp_s");
        return previous;
    }

    private static uint ReadControlWindows()
    {
        Check(Crt.ControlFloatingPoint(out uint current, 0, 0), "_controlfp_s");
        return current;
    }

    private static void Check(int status, string function)
    {
        if (status != 0)
        {
            throw new InvalidOperationException($"{function} failed ({status}) while setting the thread's denormal handling");
        }
    }

    private static unsafe partial class Libm
    {
        [LibraryImport("libm.so.6", EntryPoint = "fegetenv")]
        internal static partial int GetEnvironment(byte* environment);

        [LibraryImport("libm.so.6", EntryPoint = "fesetenv")]
        internal static partial int SetEnvironment(byte* environment);
    }

    private static partial class Crt
    {
        [LibraryImport("ucrtbase.dll", EntryPoint = "_controlfp_s")]
        internal static partial int ControlFloatingPoint(out uint current, uint newControl, uint mask);
    }
}
