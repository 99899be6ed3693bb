using System.Management.Automation;
using System.Net;
using System.Security;
using Sweep.Actors;
using Sweep.Actors.Tls;

namespace Sweep.PsModule.Commands;

/// <summary>
/// -TlsCertificate, -TlsCertificatePassword and -TlsTrust of Start-Sweep and Start-SweepWorker, turned into
/// <see cref="TlsOptions"/> and loaded once up front, so a missing file, a wrong password or a certificate
/// without its private key is a terminating error naming the file before any node starts.
/// </summary>
internal static class TlsParameters
{
    /// <summary>Null when neither is given (no TLS); else checked options, or an ErrorRecord in <paramref name="error"/>.</summary>
    public static TlsOptions? Build(
        string? certificate, SecureString? password, string[]? trust, Func<string, string> resolvePath, out ErrorRecord? error)
    {
        error = null;
        if (certificate is null && trust is null)
        {
            return null;
        }

        if (certificate is null || trust is null || trust.Length == 0)
        {
            error = new ErrorRecord(
                new ArgumentException("TLS needs both -TlsCertificate (this node's .pfx) and -TlsTrust (the CA or peer certificates to accept)"),
                "TlsIncomplete", ErrorCategory.InvalidArgument, certificate);
            return null;
        }

        var options = new TlsOptions
        {
            CertificatePath = resolvePath(certificate),
            CertificatePassword = password is null
                ? Environment.GetEnvironmentVariable(TlsOptions.PasswordVariable) ?? ""
                : new NetworkCredential("", password).Password,
            TrustPaths = trust.Select(resolvePath).ToArray(),
        };
        try
        {
            NodeTls.Load(options);
        }
        catch (TlsSetupException e)
        {
            error = new ErrorRecord(e, "TlsUnusable", ErrorCategory.InvalidArgument, certificate);
            return null;
        }

        return options;
    }
}
