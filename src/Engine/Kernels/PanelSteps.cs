namespace Sweep.Engine.Kernels;

/// <summary>
/// How a micro-kernel steps through its panels (a compile-time choice: each kind gets its own copy of the kernel).
/// Packed: a tile's Rows values of a for one p lie side by side, and a advances Rows and b Columns floats per value of p,
/// all constants. Strided: a and b advance by the steps the caller passes, for an operand read where it lies instead of
/// packed (<see cref="GemmDriver{TKernel}"/>'s small operands). RowsApart: also a's rows lie the passed step apart and a
/// advances one float per p (a stored by rows, read in place).
/// </summary>
internal interface IPanelSteps
{
    static abstract bool Strided { get; }

    static abstract bool ARowsApart { get; }
}

internal readonly struct PackedPanels : IPanelSteps
{
    public static bool Strided => false;

    public static bool ARowsApart => false;
}

internal readonly struct StridedPanels : IPanelSteps
{
    public static bool Strided => true;

    public static bool ARowsApart => false;
}

internal readonly struct RowsApartPanels : IPanelSteps
{
    public static bool Strided => true;

    public static bool ARowsApart => true;
}
