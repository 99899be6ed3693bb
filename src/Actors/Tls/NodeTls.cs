using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Akka.Remote.Transport.DotNetty;

namespace Sweep.Actors.Tls;

/// <summary>
/// A node's loaded TLS material: its own certificate with private key, and the trust anchors peers must chain to.
/// Akka's built-in validation checks chains against the system's CA store only, so the node hands Akka a
/// custom validator (<see cref="DotNettySslSetup.CustomValidator"/>, called on both ends of every connection:
/// the server for the client's certificate, the client for the server's) that checks against these anchors.
/// </summary>
public sealed class NodeTls
{
    private readonly X509Certificate2Collection _anchors;

    private NodeTls(X509Certificate2 certificate, X509Certificate2Collection anchors)
    {
        Certificate = certificate;
        _anchors = anchors;
    }

    public X509Certificate2 Certificate { get; }

    /// <summary>Loads and checks the files named by <paramref name="options"/>.</summary>
    /// <exception cref="TlsSetupException">A missing or unreadable file, a wrong password, a certificate without a private key, no trust anchors.</exception>
    public static NodeTls Load(TlsOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new NodeTls(LoadIdentity(options.CertificatePath, options.CertificatePassword), LoadAnchors(options.TrustPaths));
    }

    /// <summary>Null when <paramref name="peer"/> is trusted, else why not (names the certificate and the chain problem).</summary>
    public string? Check(X509Certificate2? peer, X509Chain? presented)
    {
        if (peer is null)
        {
            return "the peer presented no certificate";
        }

        foreach (var anchor in _anchors)
        {
            if (anchor.RawDataMemory.Span.SequenceEqual(peer.RawDataMemory.Span))
            {
                return null;
            }
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(_anchors);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.DisableCertificateDownloads = true;
        if (presented is not null)
        {
            // Intermediates the peer sent in its handshake.
            chain.ChainPolicy.ExtraStore.AddRange(presented.ChainPolicy.ExtraStore);
            foreach (var element in presented.ChainElements)
            {
                chain.ChainPolicy.ExtraStore.Add(element.Certificate);
            }
        }

        if (chain.Build(peer))
        {
            return null;
        }

        var problems = chain.ChainStatus
            .Where(s => s.Status != X509ChainStatusFlags.NoError)
            .Select(s => $"{s.Status}: {s.StatusInformation.Trim()}")
            .Distinct();
        return $"certificate '{peer.Subject}' (issued by '{peer.Issuer}') does not chain to a trusted certificate ({string.Join("; ", problems)})";
    }

    /// <summary>Akka's TLS setup for this node; <paramref name="onRefused"/> hears each peer refused and why.</summary>
    public DotNettySslSetup Setup(Action<string> onRefused) => new(
        Certificate,
        suppressValidation: false,
        requireMutualAuthentication: true,
        validateCertificateHostname: false,
        customValidator: (certificate, chain, peer, _, _) =>
        {
            string? reason = Check(certificate, chain);
            if (reason is null)
            {
                return true;
            }

            onRefused($"TLS: refused the peer at {peer}: {reason}");
            return false;
        });

    private static X509Certificate2 LoadIdentity(string path, string password)
    {
        if (string.IsNullOrWhiteSpace(path))
        {
            throw new TlsSetupException("TLS: a certificate file (.pfx) is required");
        }

        if (!File.Exists(path))
        {
            throw new TlsSetupException($"TLS certificate file '{path}' does not exist");
        }

        X509Certificate2 certificate;
        try
        {
            certificate = X509CertificateLoader.LoadPkcs12FromFile(path, password, X509KeyStorageFlags.DefaultKeySet);
        }
        catch (CryptographicException e) when (e.Message.Contains("password", StringComparison.OrdinalIgnoreCase))
        {
            throw new TlsSetupException(
                $"TLS certificate file '{path}': wrong password (give it in {TlsOptions.PasswordVariable}, or -TlsCertificatePassword in PowerShell)", e);
        }
        catch (CryptographicException e)
        {
            throw new TlsSetupException($"TLS certificate file '{path}' is not a readable PKCS#12 (.pfx) file: {e.Message}", e);
        }

        if (!certificate.HasPrivateKey)
        {
            string subject = certificate.Subject;
            certificate.Dispose();
            throw new TlsSetupException(
                $"TLS certificate file '{path}' holds the certificate '{subject}' without its private key; export both "
                + "(openssl pkcs12 -export -inkey node.key -in node.crt -out node.pfx)");
        }

        return certificate;
    }

    private static X509Certificate2Collection LoadAnchors(IReadOnlyList<string>? paths)
    {
        if (paths is null || paths.Count == 0)
        {
            throw new TlsSetupException(
                "TLS needs trusted certificates (--tls-trust / -TlsTrust): the CA certificate the nodes' certificates are issued by, or the nodes' own certificates");
        }

        var anchors = new X509Certificate2Collection();
        foreach (string path in paths)
        {
            if (!File.Exists(path))
            {
                throw new TlsSetupException($"TLS trust file '{path}' does not exist");
            }

            int before = anchors.Count;
            try
            {
                if (File.ReadAllText(path).Contains("-----BEGIN CERTIFICATE-----", StringComparison.Ordinal))
                {
                    anchors.ImportFromPemFile(path);
                }
                else
                {
                    anchors.Add(X509CertificateLoader.LoadCertificateFromFile(path));
                }
            }
            catch (CryptographicException e)
            {
                throw new TlsSetupException($"TLS trust file '{path}' is not a PEM or DER certificate: {e.Message}", e);
            }

            if (anchors.Count == before)
            {
                throw new TlsSetupException($"TLS trust file '{path}' holds no certificate");
            }
        }

        return anchors;
    }
}

/// <summary>TLS files that cannot be used; the message names the file and the problem.</summary>
public sealed class TlsSetupException : InvalidOperationException
{
    public TlsSetupException(string message)
        : base(message)
    {
    }

    public TlsSetupException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
