package io.tollgate.console.operator;

import io.tollgate.customer.Caller;
import io.tollgate.customer.http.CustomerController;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** The operator's start page: the customers, a page at a time, each linking to its billing centre. */
@Controller
@RequestMapping("/console/operator")
public class CustomersPage {
    private final CustomerController customers;

    public CustomersPage(CustomerController customers) {
        this.customers = customers;
    }

    @GetMapping
    public String customers(Caller caller, @RequestParam(required = false) String cursor, Model model) {
        model.addAttribute("section", "op-customers");
        model.addAttribute("page", customers.list(caller, cursor, 50));
        return "console/operator/customers";
    }
}
