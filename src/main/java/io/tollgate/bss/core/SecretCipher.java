package io.tollgate.bss.core;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES-256-GCM for the secret keys at rest: a fresh 96-bit IV each time, the access key as
 * associated data (a secret copied to another access key's row does not decrypt).
 */
public final class SecretCipher {
    private static final SecureRandom RANDOM = new SecureRandom();
    private final SecretKeySpec key;

    public SecretCipher(byte[] key) {
        if (key.length != 32) {
            throw new IllegalArgumentException("the key-encryption key is 32 bytes (AES-256), not " + key.length);
        }
        this.key = new SecretKeySpec(key, "AES");
    }

    public record Sealed(byte[] iv, byte[] cipher) {
    }

    public Sealed seal(String secret, String accessKey) {
        byte[] iv = new byte[12];
        RANDOM.nextBytes(iv);
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, iv));
            c.updateAAD(accessKey.getBytes(StandardCharsets.UTF_8));
            return new Sealed(iv, c.doFinal(secret.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The secret, or an exception when the key or the associated access key is not the one it was sealed with. */
    public String open(Sealed sealed, String accessKey) throws GeneralSecurityException {
        Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
        c.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(128, sealed.iv()));
        c.updateAAD(accessKey.getBytes(StandardCharsets.UTF_8));
        return new String(c.doFinal(sealed.cipher()), StandardCharsets.UTF_8);
    }
}
