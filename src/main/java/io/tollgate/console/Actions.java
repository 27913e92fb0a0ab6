package io.tollgate.console;

import io.tollgate.shared.Failure;
import java.util.function.Supplier;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * A form's action: do it through the API's controller, then go back to the page with what
 * happened (post/redirect/get, so a reload does not send it again). A refusal is shown with the
 * API's message and stable code, and changed nothing.
 */
public final class Actions {
    private Actions() {
    }

    public static String run(RedirectAttributes flash, String back, Supplier<String> action) {
        return run(flash, back, back, action);
    }

    /** The same, going back to {@code backOnFailure} when refused (the form, to correct it). */
    public static String run(RedirectAttributes flash, String back, String backOnFailure, Supplier<String> action) {
        try {
            flash.addFlashAttribute("flashOk", action.get());
            return "redirect:" + back;
        } catch (Failure f) {
            flash.addFlashAttribute("flashError", f.getMessage() + " (" + f.code() + ")");
            return "redirect:" + backOnFailure;
        }
    }
}
